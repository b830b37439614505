/* The lesson video player, framework-free. Both "自动" and "省流量" play HLS through
   hls.js (lms/static/vendor/hls.min.js) with a capped forward buffer (about 10 s) that
   stops fetching on pause: "自动" picks no rung above what the player shows (device
   pixels; never above the screen's short side), "省流量" the lowest rung. Native HLS only where there is no MediaSource (iPhone);
   the MP4s serve downloads and browsers without HLS. A quality menu shows each rung's
   megabytes per minute; "data saver" is on by default on a cellular connection
   (navigator.connection); both choices are kept in localStorage. Nothing is fetched
   before "play" (paid data). Resuming at the saved position and reporting watching
   are app.js's (RA.track on #player, through RA.send in offline.js). "听课模式" plays
   the audio-only rendition in the same element, the subtitles' line on screen. */
"use strict";
(function () {
  const video = document.getElementById("player");
  const config = document.getElementById("player-config");
  if (!video || !config) return;
  const cfg = JSON.parse(config.textContent);
  const menu = document.querySelector(".player-menu");
  const article = video.closest("article.lesson");
  const QUALITY = "ra-video-quality";  // "auto" or a rung name ("360p")
  const SAVER = "ra-data-saver";  // "1" or "0"; unset: decided by the connection
  const rungs = (cfg.renditions || []).slice().sort((a, b) => a.height * a.width - b.height * b.width);
  const smallestMp4 = rungs.find((r) => r.mp4) || null;
  const nativeHls = !!video.canPlayType("application/vnd.apple.mpegurl");
  let hls = null;

  const store = {
    get: (k) => { try { return localStorage.getItem(k); } catch (e) { return null; } },
    set: (k, v) => { try { localStorage.setItem(k, v); } catch (e) { /* private mode */ } },
  };

  function cellular() {
    const c = navigator.connection;
    return !!c && (c.saveData || c.type === "cellular" || /(^|slow-)2g|3g/.test(c.effectiveType || ""));
  }
  const LISTEN = "ra-listen";  // "1": listen mode (audio only, subtitles on screen)
  const listening = () => !!cfg.audio && store.get(LISTEN) === "1";
  const saverOn = () => (store.get(SAVER) === null ? cellular() : store.get(SAVER) === "1");

  /* What to play: {engine: "mp4"|"native"|"hlsjs"|"listen", url, pinned}. */
  function plan(downloaded) {
    const canHlsJs = !!(window.MediaSource || window.ManagedMediaSource);
    if (listening() && cfg.audio.hls && canHlsJs) return { engine: "hlsjs", url: cfg.audio.hls, listen: true };
    if (listening()) return { engine: "listen", url: cfg.audio.url };
    if (downloaded) return { engine: "mp4", url: downloaded };
    const quality = store.get(QUALITY) || "auto";
    const pinned = rungs.find((r) => r.name === quality) || null;
    if (cfg.hls && canHlsJs) return { engine: "hlsjs", url: cfg.hls, pinned };
    if (cfg.hls && nativeHls) return { engine: "native", url: cfg.hls };
    const mp4s = rungs.filter((r) => r.mp4);
    const fits = mp4s.filter((r) => Math.min(r.width, r.height) <= screenShort());
    const mp4 = saverOn() ? smallestMp4 : (pinned && pinned.mp4 ? pinned : fits.pop() || smallestMp4);
    return { engine: "mp4", url: (mp4 || {}).mp4 };
  }

  /* The screen's short side in CSS pixels: a 360-px phone gets at most 360p. */
  const screenShort = () => Math.min(screen.width || 9999, screen.height || 9999);

  /* The hls.js level cap (levels sorted by bitrate): the lowest rung when saving
     data; else the smallest rung as wide as the player shows it in device pixels,
     never one taller than the screen. */
  function levelCap(levels) {
    if (saverOn()) return 0;
    const dpr = window.devicePixelRatio || 1;
    const boxW = video.clientWidth || screenShort(), boxH = window.innerHeight * 0.6;
    const shown = (l) => Math.min(boxW, (boxH * l.width) / l.height) * dpr;
    let cap = levels.findIndex((l) => l.width >= shown(l));
    if (cap < 0) cap = levels.length - 1;
    while (cap > 0 && Math.min(levels[cap].width, levels[cap].height) > screenShort() * dpr) cap -= 1;
    return cap;
  }

  function loadHlsJs() {
    if (window.Hls) return Promise.resolve(window.Hls);
    return new Promise((ok, fail) => {
      const script = Object.assign(document.createElement("script"), { src: menu.dataset.hlsjs });
      script.onload = () => ok(window.Hls);
      script.onerror = fail;
      document.head.append(script);
    });
  }

  function startAt() {
    const saved = Number(article && article.dataset.position) || 0;
    return video.currentTime > 0 ? video.currentTime : saved > 1 ? saved : -1;
  }

  async function attach(choice) {
    if (hls) { hls.destroy(); hls = null; }
    showListening(choice.engine === "listen" || !!choice.listen);
    if (choice.engine !== "hlsjs") {
      if (video.getAttribute("src") !== choice.url) video.src = choice.url;
      video.dataset.engine = choice.engine;  // set once the source is in place
      return;
    }
    let Hls;
    try { Hls = await loadHlsJs(); } catch (err) { Hls = null; }
    if (!Hls || !Hls.isSupported()) { return attach({ engine: "mp4", url: (smallestMp4 || {}).mp4 }); }
    hls = new Hls({
      autoStartLoad: false, startPosition: startAt(), capLevelToPlayerSize: false,
      maxBufferLength: 10, maxMaxBufferLength: 15, backBufferLength: 30,
    });
    hls.on(Hls.Events.ERROR, (_e, data) => {
      if (!data.fatal) return;
      if (choice.listen) attach({ engine: "listen", url: cfg.audio.url });
      else if (smallestMp4) attach({ engine: "mp4", url: smallestMp4.mp4 });
    });
    hls.on(Hls.Events.MANIFEST_PARSED, (_e, data) => {
      const levels = data.levels || hls.levels;
      const pinned = choice.pinned ? levels.findIndex((l) => l.height === choice.pinned.height) : -1;
      if (pinned >= 0) { hls.startLevel = pinned; hls.currentLevel = pinned; return; }
      hls.autoLevelCapping = levelCap(levels);
      if (saverOn()) hls.startLevel = 0;
    });
    hls.on(Hls.Events.LEVEL_SWITCHED, (_e, data) => {
      const level = hls.levels[data.level];
      if (level && level.height) video.dataset.height = String(Math.min(level.width, level.height));
    });
    const wanted = !video.paused;  // "play" tapped before hls.js was in place
    hls.loadSource(choice.url);
    hls.attachMedia(video);
    video.dataset.engine = choice.listen ? "listen" : choice.engine;
    loading = false;
    if (wanted) video.play().catch(() => {});
  }

  /* hls.js fetches only while playing: paused, not a byte more (paid data). */
  let loading = false;
  function resume() {
    if (!hls) return;
    hls.startLoad(loading ? -1 : startAt());
    loading = true;
  }
  video.addEventListener("play", resume);
  video.addEventListener("pause", () => { if (hls) hls.stopLoad(); });

  /* Switch source keeping the place and whether it was playing. */
  async function switchTo(choice) {
    const at = video.currentTime, playing = !video.paused;
    await attach(choice);
    if (at > 0) {
      const seek = () => { video.currentTime = at; };
      if (video.readyState >= 1) seek(); else video.addEventListener("loadedmetadata", seek, { once: true });
    }
    if (playing) video.play().catch(() => {});
  }

  /* Listen mode: the audio rendition in the same element (so watching is reported
     and counted alike), the subtitles' current line under it, the safety line. */
  const panel = document.querySelector(".listen-panel");
  let cues = null;  // [[start, end, text]] of the first subtitles track
  const seconds = (t) => t.split(":").reduce((acc, x) => acc * 60 + Number(x), 0);
  function parseVtt(text) {
    return text.split(/\r?\n\r?\n/).map((block) => block.split(/\r?\n/))
      .map((lines) => { const i = lines.findIndex((l) => l.includes("-->")); return [lines, i]; })
      .filter(([, i]) => i >= 0)
      .map(([lines, i]) => {
        const [a, b] = lines[i].split("-->").map((x) => seconds(x.trim().split(" ")[0]));
        const words = lines.slice(i + 1).join(" ").replace(/<[^>]*>/g, "");
        return [a, b, words];
      });
  }
  function caption() {
    const line = panel && panel.querySelector(".listen-caption");
    if (!line || !cues || panel.hidden) return;
    const t = video.currentTime;
    const cue = cues.find(([a, b]) => a <= t && t < b);
    line.textContent = cue ? cue[2] : "";
  }
  function showListening(on) {
    if (!panel) return;
    panel.hidden = !on;
    Array.from(video.textTracks).forEach((track) => {
      if (on) track.mode = "disabled";  // the line shows under the picture instead
    });
    const track = (cfg.captions || [])[0];
    if (on && track && cues === null) {
      cues = [];
      fetch(track.url).then((r) => r.text()).then((t) => { cues = parseVtt(t); caption(); })
        .catch(() => {});
    }
  }
  video.addEventListener("timeupdate", caption);

  function buildMenu() {
    const select = menu.querySelector(".quality");
    const saver = menu.querySelector(".data-saver");
    const add = (value, text) => select.append(Object.assign(document.createElement("option"), { value, textContent: text }));
    add("auto", menu.dataset.auto);
    rungs.forEach((r) => add(r.name, r.name + " · " + r.mb_per_min + " " + menu.dataset.perMin));
    select.value = rungs.some((r) => r.name === store.get(QUALITY)) ? store.get(QUALITY) : "auto";
    saver.checked = saverOn();
    select.addEventListener("change", () => { store.set(QUALITY, select.value); switchTo(plan()); });
    saver.addEventListener("change", () => { store.set(SAVER, saver.checked ? "1" : "0"); switchTo(plan()); });
    const listen = menu.querySelector(".listen");
    if (listen) {
      listen.checked = listening();
      listen.addEventListener("change", () => { store.set(LISTEN, listen.checked ? "1" : "0"); switchTo(plan()); });
    }
    menu.hidden = false;
  }

  async function downloadedCopy() {
    const RA = window.RA;
    if (!RA || !RA.downloaded || !article) return null;
    try {
      const d = await RA.downloaded(article.dataset.lessonId);
      return d && d.video ? d.video : null;
    } catch (err) { return null; }
  }

  buildMenu();
  const first = plan();
  const listen = listening();
  if (first.engine === "mp4" || listen) attach(first);
  downloadedCopy().then((copy) => {
    if (copy && !listen) attach(plan(copy));
    else if (first.engine !== "mp4" && !listen) attach(first);
  });
})();
