/* Studio: resumable lesson-video upload, then the conversion's progress.
   Protocol (lms/studio/media.py): POST start -> PATCH chunks with Upload-Offset ->
   POST complete -> poll the job's JSON. A dropped connection (or a 409) asks the
   server for its offset and goes on from there; an upload interrupted by closing the
   page resumes when the same file is chosen again (its id is kept in localStorage). */
"use strict";
(function () {
  const csrf = () => (document.querySelector("meta[name=csrf-token]") || {}).content || "";
  const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

  function request(method, url, body, headers, onProgress) {
    return new Promise((ok, fail) => {
      const xhr = new XMLHttpRequest();
      xhr.open(method, url);
      xhr.setRequestHeader("X-CSRFToken", csrf());
      xhr.setRequestHeader("Accept", "application/json");  // errors as JSON too
      Object.entries(headers || {}).forEach(([k, v]) => xhr.setRequestHeader(k, v));
      if (onProgress) xhr.upload.onprogress = (e) => onProgress(e.loaded);
      xhr.onload = () => {
        let data = null;
        try { data = JSON.parse(xhr.responseText); } catch (err) { /* empty body */ }
        ok({ status: xhr.status, data });
      };
      xhr.onerror = xhr.ontimeout = xhr.onabort = () => fail(new Error("network"));
      xhr.send(body === undefined ? null : body);
    });
  }
  const json = (method, url, body) => request(method, url, JSON.stringify(body || {}),
    { "Content-Type": "application/json" });

  function Uploader(box) {
    const file = box.querySelector("#video-file");
    const bar = box.querySelector("#upload-progress");
    const jobBar = box.querySelector("#job-progress");
    const status = box.querySelector(".status");
    const say = (text, alert) => { status.textContent = text; status.classList.toggle("alert", !!alert); };
    const fill = (template, n) => template.replace("{n}", String(n));
    const key = (f) => "ra-upload:" + box.dataset.lessonId + ":" + f.name + ":" + f.size + ":" + f.lastModified;

    async function open(f) {
      const saved = localStorage.getItem(key(f));
      if (saved) {
        const res = await request("GET", saved).catch(() => null);
        if (res && res.status === 200) return { url: saved, offset: res.data.offset };
        localStorage.removeItem(key(f));
      }
      const res = await json("POST", box.dataset.startUrl, { filename: f.name, size: f.size });
      if (res.status !== 201) throw Object.assign(new Error("start"), { answer: res.data });
      localStorage.setItem(key(f), res.data.url);
      return { url: res.data.url, offset: res.data.offset };
    }

    async function offsetOf(url) {
      for (let wait = 1000; ; wait = Math.min(wait * 2, 15000)) {
        const res = await request("GET", url).catch(() => null);
        if (res && res.status === 200) return res.data.offset;
        if (res && res.status === 404) throw new Error("gone");
        say(box.dataset.retrying);
        await sleep(wait);
      }
    }

    async function send(f) {
      const up = await open(f);
      const chunkSize = Number(box.dataset.chunkSize) || 2097152;
      let offset = up.offset;
      const show = (n) => { const pct = Math.floor((n / f.size) * 100); bar.value = pct; say(fill(box.dataset.uploading, pct)); };
      show(offset);
      while (offset < f.size) {
        const chunk = f.slice(offset, Math.min(offset + chunkSize, f.size));
        const res = await request("PATCH", up.url, chunk,
          { "Upload-Offset": String(offset), "Content-Type": "application/offset+octet-stream" },
          (loaded) => show(offset + loaded)).catch(() => null);
        if (res && res.status === 200) { offset = res.data.offset; show(offset); continue; }
        if (res && res.status >= 400 && res.status < 500 && res.status !== 409) {
          throw Object.assign(new Error("chunk"), { answer: res.data });
        }
        if (!res) await sleep(1000);
        offset = await offsetOf(up.url);  // dropped or 409: continue where the server is
      }
      say(box.dataset.checking);
      const done = await json("POST", up.url + "/complete");
      localStorage.removeItem(key(f));
      if (done.status !== 202) throw Object.assign(new Error("complete"), { answer: done.data });
      return done.data.status_url;
    }

    async function poll(url) {
      for (;;) {
        const res = await request("GET", url).catch(() => null);
        const job = res && res.status === 200 ? res.data : null;
        if (job) {
          jobBar.value = Math.round(job.progress * 100);
          if (job.state === "done") { say(box.dataset.done); box.classList.add("published"); return; }
          if (job.state === "failed") { say(box.dataset.failed + " " + (job.error_message || ""), true); return; }
          if (job.state === "running") say(fill(box.dataset.running, Math.round(job.progress * 100)));
          else say(job.restarted ? box.dataset.restarted : box.dataset.queued);
        }
        await sleep(1500);
      }
    }

    // The length, where the browser can read it, before sending a byte (0: unknown).
    function durationOf(f) {
      return new Promise((ok) => {
        const probe = document.createElement("video");
        const url = URL.createObjectURL(f);
        const done = (seconds) => { URL.revokeObjectURL(url); ok(seconds); };
        const timer = setTimeout(() => done(0), 5000);
        probe.preload = "metadata";
        probe.onloadedmetadata = () => { clearTimeout(timer); done(Number.isFinite(probe.duration) ? probe.duration : 0); };
        probe.onerror = () => { clearTimeout(timer); done(0); };
        probe.src = url;
      });
    }

    box.querySelector("#video-send").addEventListener("click", async () => {
      const f = file.files[0];
      if (!f) return;
      if (f.size === 0) { say(box.dataset.empty, true); return; }
      if (await durationOf(f) > Number(box.dataset.maxSeconds || Infinity)) { say(box.dataset.tooLong, true); return; }
      const button = box.querySelector("#video-send");
      button.disabled = true;
      try {
        await poll(await send(f));
      } catch (err) {
        const answer = err.answer && err.answer.error;
        say(answer ? answer.message : box.dataset.retrying, true);
        bar.value = 0;
      }
      button.disabled = false;
    });
    if (box.dataset.jobUrl) poll(box.dataset.jobUrl);
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(".video-upload").forEach(Uploader);
  });
})();
