/* The lesson video player, framework-free. Source order: native HLS where the browser
   plays it, else hls.js (lms/static/vendor/hls.min.js, loaded only then), else the MP4.
   A quality menu shows each rung's megabytes per minute; "data saver" plays the
   smallest MP4 and is on by default on a cellular connection (navigator.connection);
   both choices are kept in localStorage. Nothing is fetched before "play" (paid data).
   Resuming at the saved position and reporting watching are app.js's (RA.track on
   #player, through the one sender with its offline queue, RA.send in offline.js). */
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

  /* What to play: {engine: "mp4"|"native"|"hlsjs", url, level}. */
  function plan(downloaded) {
    if (downloaded) return { engine: "mp4", url: downloaded };
    const quality = store.get(QUALITY) || "auto";
    const pinned = rungs.find((r) => r.name === quality);
    if (pinned && pinned.mp4) return { engine: "mp4", url: pinned.mp4 };
    if (!pinned && saverOn() && smallestMp4) return { engine: "mp4", url: smallestMp4.mp4 };
    const canHlsJs = !!(window.MediaSource || window.ManagedMediaSource);
    const level = pinned ? rungs.indexOf(pinned) : -1;
    if (nativeHls && (level < 0 || !canHlsJs)) return { engine: "native", url: cfg.hls };
    if (canHlsJs) return { engine: "hlsjs", url: cfg.hls, level };
    return { engine: "mp4", url: (smallestMp4 || {}).mp4 };
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
    hls = new Hls({ autoStartLoad: false, startPosition: startAt(), capLevelToPlayerSize: true });
    hls.on(Hls.Events.ERROR, (_e, data) => {
      if (data.fatal && smallestMp4) attach({ engine: "mp4", url: smallestMp4.mp4 });
    });
    hls.on(Hls.Events.MANIFEST_PARSED, () => {
      if (choice.level >= 0) { hls.startLevel = choice.level; hls.currentLevel = choice.level; }
      if (saverOn() && choice.level < 0) hls.autoLevelCapping = 0;
    });
    hls.loadSource(choice.url);
    hls.attachMedia(video);
    video.dataset.engine = choice.engine;
    const go = () => hls && hls.startLoad(startAt());
    if (!video.paused) go(); else video.addEventListener("play", go, { once: true });
  }

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
