/* The lesson video player, framework-free. Both "自动" and "省流量" play HLS through
   hls.js (lms/static/vendor/hls.min.js) with a capped forward buffer (about 15 s) that
   stops fetching on pause: "自动" picks no rung taller than the screen's short side,
   "省流量" the lowest rung. Native HLS only where there is no MediaSource (iPhone);
   the MP4s serve downloads and browsers without HLS. A quality menu shows each rung's
   megabytes per minute; "data saver" is on by default on a cellular connection
   (navigator.connection); both choices are kept in localStorage. Nothing is fetched
   before "play" (paid data). Resuming at the saved position and reporting watching
   are app.js's (RA.track on #player, through RA.send in offline.js). */
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
  const saverOn = () => (store.get(SAVER) === null ? cellular() : store.get(SAVER) === "1");

  /* What to play: {engine: "mp4"|"native"|"hlsjs", url, pinned}. */
  function plan(downloaded) {
    if (downloaded) return { engine: "mp4", url: downloaded };
    const quality = store.get(QUALITY) || "auto";
    const pinned = rungs.find((r) => r.name === quality) || null;
    const canHlsJs = !!(window.MediaSource || window.ManagedMediaSource);
    if (cfg.hls && canHlsJs) return { engine: "hlsjs", url: cfg.hls, pinned };
    if (cfg.hls && nativeHls) return { engine: "native", url: cfg.hls };
    const mp4s = rungs.filter((r) => r.mp4);
    const fits = mp4s.filter((r) => Math.min(r.width, r.height) <= screenShort());
    const mp4 = saverOn() ? smallestMp4 : (pinned && pinned.mp4 ? pinned : fits.pop() || smallestMp4);
    return { engine: "mp4", url: (mp4 || {}).mp4 };
  }

  /* The screen's short side in CSS pixels: a 360-px phone gets at most 360p. */
  const screenShort = () => Math.min(screen.width || 9999, screen.height || 9999);

  /* The hls.js level cap: the lowest rung when saving data, else the tallest rung
     that fits the screen; a pinned rung is played as chosen. */
  function levelCap(levels) {
    if (saverOn()) return 0;
    let cap = 0;
    levels.forEach((l, i) => { if (Math.min(l.width, l.height) <= screenShort()) cap = i; });
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
      maxBufferLength: 15, maxMaxBufferLength: 20, backBufferLength: 30,
    });
    hls.on(Hls.Events.ERROR, (_e, data) => {
      if (data.fatal && smallestMp4) attach({ engine: "mp4", url: smallestMp4.mp4 });
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
      if (level) video.dataset.height = String(Math.min(level.width, level.height));
    });
    hls.loadSource(choice.url);
    hls.attachMedia(video);
    video.dataset.engine = choice.engine;
    loading = false;
    if (!video.paused) resume();
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
  if (first.engine === "mp4") attach(first);
  downloadedCopy().then((copy) => {
    if (copy) attach(plan(copy));
    else if (first.engine !== "mp4") attach(first);
  });
})();
