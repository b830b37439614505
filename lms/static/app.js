/* Page behaviour, small and framework-free: service worker, resuming and reporting
   watching, the guide counted as read, the download button and the downloads list.
   Every network write goes through RA.send (offline.js), which queues when offline.
   Texts come from data-* attributes rendered in the user's language. */
"use strict";
(function () {
  const RA = (window.RA = window.RA || {});
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js").catch(() => {});

  const uuid = () => (crypto.randomUUID ? crypto.randomUUID()
    : "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (c) =>
      (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16)));
  const round = (x) => Math.round(x * 10) / 10;

  /* Watching: continuous stretches become events; sent every ~15 s and on pause. */
  RA.track = function (video, lessonId) {
    const url = "/api/v1/lessons/" + lessonId + "/progress";
    let from = null, last = 0, events = [];
    const close = () => {
      if (from !== null && last - from >= 0.5) {
        events.push({ id: uuid(), from: round(from), to: round(last), rate: video.playbackRate,
          at: new Date().toISOString() });
      }
      from = null;
    };
    const take = () => {
      const t = video.currentTime;  // count up to where it really paused or ended
      if (from !== null && t >= last && t - last <= 2) last = t;
      const playing = from !== null && !video.paused;
      close();
      if (playing) { from = t; last = t; }  // the stretch goes on as a new event
      if (!events.length) return null;
      const body = { position: round(t), events: events };
      events = [];
      return { url, body };
    };
    const send = () => {
      const held = take();
      if (held) RA.send(held.url, held.body).then(RA.progressed, () => {});
    };
    if (RA.holding) RA.holding(take);
    video.addEventListener("timeupdate", () => {
      const t = video.currentTime;
      if (video.paused || video.seeking) return;
      if (from !== null && (t < last || t - last > 2)) close();  // a jump, not playing
      if (from === null) from = t;
      last = t;
      if (t - from >= 15) send();
    });
    video.addEventListener("playing", () => {
      if (from === null) { from = video.currentTime; last = from; }
    });
    ["pause", "ended", "seeking", "ratechange"].forEach((e) => video.addEventListener(e, send));
    window.addEventListener("pagehide", send);
  };

  /* A progress answer: tick the checklist; when this call completed the lesson,
     show the reward (the hours just recorded, the next lesson one tap away). */
  RA.progressed = function (answer) {
    if (!answer) return;
    const tick = (kind, done) => document.querySelectorAll(`.checklist .step[data-kind=${kind}]`)
      .forEach((li) => {
        if (!done(li)) return;
        li.classList.add("done");
        li.querySelector(".tick").textContent = "✓";
        li.querySelectorAll(".left").forEach((x) => x.remove());
      });
    tick("video", (li) => answer.completed || answer.watched_ratio >= Number(li.dataset.need));
    tick("guide", () => answer.guide_read);
    tick("quiz", () => answer.quiz_passed);
    const reward = document.querySelector(".reward");
    if (!reward || !answer.credit) return;
    reward.querySelector(".reward-hours").textContent =
      reward.dataset.template.replace("{hours}", answer.credit.credit_hours);
    reward.hidden = false;
    reward.scrollIntoView({ behavior: "smooth", block: "center" });
  };

  /* Resume at the saved position; play at once when opened with #play (after
     player.js chose the source: the phone's copy, HLS or an MP4). */
  function lessonVideo(article) {
    const video = document.getElementById("player");
    if (!video || video.dataset.tracked) return;
    video.dataset.tracked = "1";
    const at = Number(article.dataset.position) || 0;
    const seek = () => { if (at > 1 && at < video.duration - 3) video.currentTime = at; };
    if (video.readyState >= 1) seek(); else video.addEventListener("loadedmetadata", seek, { once: true });
    RA.track(video, article.dataset.lessonId);
    if (location.hash !== "#play") return;
    const play = () => video.play().catch(() => { video.muted = true; video.play().catch(() => {}); });
    const chosen = () => !document.getElementById("player-config") ||
      (video.dataset.engine && (video.dataset.engine !== "hlsjs" || window.Hls));
    const wait = (n) => { if (chosen() || n > 60) play(); else setTimeout(wait, 50, n + 1); };
    RA.downloaded(article.dataset.lessonId).catch(() => null).then(() => wait(0));  // as player.js
  }

  /* A guide without a video counts as read once its end was seen (the server checks
     it was open long enough; until then we ask again every 20 s). */
  function guideRead(article) {
    const end = article.querySelector(".guide-end");
    if (!end || document.getElementById("player") || !("IntersectionObserver" in window)) return;
    const url = "/api/v1/lessons/" + article.dataset.lessonId + "/guide-read";
    let tries = 0;
    const ask = () => RA.send(url, {}).then((p) => {
      RA.progressed(p);
      if (p && !p.guide_read && ++tries < 10) setTimeout(ask, 20000);
    });
    const seen = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) { seen.disconnect(); ask(); }
    });
    seen.observe(end);
  }

  function mb(bytes) { return (bytes / 1048576).toFixed(1); }

  /* The lesson page's download box. */
  async function downloadBox(box) {
    const id = box.dataset.lessonId;
    const status = box.querySelector(".status");
    const [save, drop] = box.querySelectorAll("button");
    const show = (d) => {
      save.hidden = !!d;
      drop.hidden = !d;
      status.textContent = d ? box.dataset.saved.replace("{size}", mb(d.bytes)) : "";
    };
    box.hidden = false;
    show(await RA.downloaded(id).catch(() => null));
    save.addEventListener("click", async () => {
      save.disabled = true;
      status.textContent = box.dataset.saving;
      try {
        show(await RA.download(id, { course: box.dataset.course }));
      } catch (err) {
        status.textContent = err.name === "QuotaExceededError" ? box.dataset.full : box.dataset.failed;
        status.classList.add("alert");
      }
      save.disabled = false;
    });
    drop.addEventListener("click", async () => { await RA.remove(id); show(null); });
  }

  /* The downloads page: list what this phone keeps. */
  async function downloadsList(list) {
    const items = await RA.downloads().catch(() => []);
    list.querySelector(".empty").hidden = items.length > 0;
    for (const d of items) {
      const li = document.createElement("li");
      const a = Object.assign(document.createElement("a"), { href: "/lessons/" + d.id, className: "lesson-link" });
      a.innerHTML = '<span class="title"></span><span class="meta"></span>';
      a.firstChild.textContent = d.title;
      a.lastChild.textContent = [d.course, mb(d.bytes) + " MB"].filter(Boolean).join(" · ");
      const drop = Object.assign(document.createElement("button"), { type: "button",
        className: "button secondary", textContent: list.dataset.remove });
      drop.addEventListener("click", () => RA.remove(d.id).then(() => li.remove()));
      li.append(a, drop);
      list.querySelector("ul").append(li);
    }
  }

  function offlineNote() {
    const note = document.querySelector(".offline-note");
    if (note) note.hidden = navigator.onLine;
  }

  document.addEventListener("DOMContentLoaded", () => {
    const article = document.querySelector("article.lesson[data-lesson-id]");
    if (article) { lessonVideo(article); guideRead(article); }
    document.querySelectorAll(".download-box").forEach(downloadBox);
    document.querySelectorAll(".downloads").forEach(downloadsList);
    offlineNote();
    window.addEventListener("online", offlineNote);
    window.addEventListener("offline", offlineNote);
  });
})();

/* Behaviour that pages once wrote as inline handlers (the CSP allows none):
   data-print prints the page; form[data-no-submit] is a preview that never submits. */
document.addEventListener("click", (e) => {
  if (e.target.closest("[data-print]")) window.print();
});
document.addEventListener("submit", (e) => {
  if (e.target.matches("form[data-no-submit]")) e.preventDefault();
});
