/* Offline: the one progress sender with its IndexedDB queue, and lesson downloads.
   RA.send(url, body)  POST JSON now; if the network fails, queue it (same event ids
                       and `at` times) and send it when the phone is back online.
   RA.flush()          send what is queued, oldest first.
   RA.download(id, meta) / RA.remove(id) / RA.downloads() / RA.downloaded(id)
   A download first calls the lesson API (the server then remembers the lesson as
   opened, so progress queued offline is accepted), then keeps the lesson page, its
   JSON, guide images, the smallest MP4, poster and captions in ra-offline-v1. */
"use strict";
(function () {
  const RA = (window.RA = window.RA || {});
  const CACHE = "ra-offline-v1";
  let dbPromise = null;

  function db() {
    dbPromise = dbPromise || new Promise((ok, fail) => {
      const open = indexedDB.open("ra", 1);
      open.onupgradeneeded = () => {
        open.result.createObjectStore("queue", { keyPath: "key", autoIncrement: true });
        open.result.createObjectStore("downloads", { keyPath: "id" });
      };
      open.onsuccess = () => ok(open.result);
      open.onerror = () => fail(open.error);
    });
    return dbPromise;
  }

  async function store(name, mode, work) {
    const tx = (await db()).transaction(name, mode);
    const req = work(tx.objectStore(name));
    return new Promise((ok, fail) => {
      tx.oncomplete = () => ok(req && req.result);
      tx.onerror = tx.onabort = () => fail(tx.error);
    });
  }

  function post(url, body) {
    const token = document.querySelector("meta[name=csrf-token]");
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      keepalive: true,
      headers: { "Content-Type": "application/json", "X-CSRFToken": token ? token.content : "" },
      body: JSON.stringify(body),
    });
  }

  // 2xx: done. 400/404/409/422: the server will never take it; drop. Else keep.
  const settled = (status) => (status >= 200 && status < 300) || [400, 404, 409, 422].includes(status);

  RA.send = async function (url, body) {
    try {
      if (navigator.onLine === false) throw new Error("offline");
      const res = await post(url, body);
      if (settled(res.status)) return res.ok ? res.json() : null;
    } catch (err) { /* no network: queue below */ }
    await store("queue", "readwrite", (s) => s.add({ url, body, queued_at: new Date().toISOString() }));
    return null;
  };

  let flushing = null;
  RA.flush = function () {
    flushing = flushing || flushQueue().finally(() => { flushing = null; });
    return flushing;
  };

  async function flushQueue() {
    const items = await store("queue", "readonly", (s) => s.getAll());
    let sent = 0;
    for (const item of items) {
      let res;
      try { res = await post(item.url, item.body); } catch (err) { break; }
      if (!settled(res.status)) break;
      await store("queue", "readwrite", (s) => s.delete(item.key));
      sent += 1;
    }
    if (sent) document.dispatchEvent(new CustomEvent("ra:flushed", { detail: sent }));
    return sent;
  }

  RA.queued = () => store("queue", "readonly", (s) => s.count());
  RA.downloads = () => store("downloads", "readonly", (s) => s.getAll());
  RA.downloaded = (id) => store("downloads", "readonly", (s) => s.get(String(id)));

  function smallestMp4(video) {
    const rungs = (video && video.mp4) || [];
    return rungs.slice().sort((a, b) => a.height - b.height)[0] || null;
  }
  RA.smallestMp4 = smallestMp4;

  function mediaUrls(lesson) {
    const doc = new DOMParser().parseFromString(lesson.guide_html || "", "text/html");
    const urls = Array.from(doc.images, (img) => img.getAttribute("src"));
    const video = lesson.video;
    const rung = smallestMp4(video);
    if (rung) urls.push(rung.url);
    if (video && video.poster) urls.push(video.poster);
    ((video && video.captions) || []).forEach((c) => urls.push(c.url));
    const here = location.origin;
    return urls.filter((u) => u && new URL(u, here).origin === here);
  }

  function storageFull() {
    const err = new Error("storage full");
    err.name = "QuotaExceededError";
    return err;
  }

  async function roomFor(bytes) {
    if (!navigator.storage || !navigator.storage.estimate) return;
    const { quota, usage } = await navigator.storage.estimate();
    if (quota - usage < bytes) throw storageFull();
  }

  RA.download = async function (id, meta) {
    const api = "/api/v1/lessons/" + id;
    const res = await fetch(api, { credentials: "same-origin" });
    if (!res.ok) throw new Error("HTTP " + res.status);
    const lesson = await res.clone().json();
    const rung = smallestMp4(lesson.video);
    await roomFor(((rung && rung.bytes) || 0) + 300000);
    const urls = [api, "/lessons/" + id, ...new Set(mediaUrls(lesson))];
    const cache = await caches.open(CACHE);
    let bytes = 0;
    try {
      await cache.put(api, res);
      for (const url of urls.slice(1)) {
        const got = await fetch(url, { credentials: "same-origin" });
        if (!got.ok) throw new Error("HTTP " + got.status + " " + url);
        bytes += Number(got.headers.get("Content-Length")) || 0;
        await cache.put(url, got);
      }
    } catch (err) {
      await Promise.all(urls.map((u) => cache.delete(u)));
      throw err;
    }
    const record = Object.assign({ id: String(id), title: lesson.title, urls, bytes,
      video: rung ? rung.url : null, saved_at: new Date().toISOString() }, meta || {});
    await store("downloads", "readwrite", (s) => s.put(record));
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist();
    return record;
  };

  RA.remove = async function (id) {
    const all = await RA.downloads();
    const gone = all.find((d) => d.id === String(id));
    if (!gone) return;
    const kept = new Set(all.filter((d) => d !== gone).flatMap((d) => d.urls));
    const cache = await caches.open(CACHE);
    await Promise.all(gone.urls.filter((u) => !kept.has(u)).map((u) => cache.delete(u)));
    await store("downloads", "readwrite", (s) => s.delete(String(id)));
  };

  window.addEventListener("online", () => RA.flush());
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && navigator.onLine) RA.flush();
  });
  if (navigator.onLine) RA.flush();
})();
