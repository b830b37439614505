/* Offline: the one progress sender with its IndexedDB queue, and lesson downloads.
   RA.send(url, body)  POST JSON now; if the network fails, queue it (same event ids
                       and `at` times) and send it when the phone is back online.
                       While anything is queued, a new body joins the queue (so
                       the server sees the events in order).
   RA.flush()          send what is queued, oldest first; the queued events of one
                       lesson go in one request, judged together by the server.
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
    if (await RA.queued().catch(() => 0)) {
      await enqueue(url, body);
      const answers = await RA.flush();
      return answers[url] || null;
    }
    try {
      if (navigator.onLine === false) throw new Error("offline");
      const res = await post(url, body);
      if (settled(res.status)) return res.ok ? res.json() : null;
    } catch (err) { /* no network: queue below */ }
    await enqueue(url, body);
    return null;
  };

  const enqueue = (url, body) => store("queue", "readwrite",
    (s) => s.add({ url, body, queued_at: new Date().toISOString() }));

  let flushing = Promise.resolve();
  RA.flush = function () {  // one flush at a time; each sees what was queued before it
    const run = flushing.then(flushQueue, flushQueue);
    flushing = run.catch(() => null);
    return run;
  };

  /* Queued items in order, those carrying events for the same URL merged into one
     body (events joined, the latest position), at most 200 events a request. */
  function batches(items) {
    const out = [], open = {};
    for (const item of items) {
      const events = item.body && Array.isArray(item.body.events) ? item.body.events : null;
      const batch = events && open[item.url];
      if (batch && batch.body.events.length + events.length <= 200) {
        batch.body = Object.assign({}, batch.body, item.body,
          { events: batch.body.events.concat(events) });
        batch.keys.push(item.key);
        continue;
      }
      const fresh = { url: item.url, body: item.body, keys: [item.key] };
      if (events) open[item.url] = fresh;
      out.push(fresh);
    }
    return out;
  }

  /* RA.holding(take): take() gives what a page holds unsent ({url, body} or null);
     each flush queues it first, so a phone back from a tunnel sends the watching
     it queued and the stretch it is in together (the server judges them together). */
  const holders = [];
  RA.holding = (take) => holders.push(take);

  /* Send the queue; answers the last JSON answer for each URL sent. */
  async function flushQueue() {
    for (const take of holders) {
      const held = take();
      if (held) await enqueue(held.url, held.body);
    }
    const items = await store("queue", "readonly", (s) => s.getAll());
    const answers = {};
    let sent = 0;
    for (const batch of batches(items)) {
      let res;
      try { res = await post(batch.url, batch.body); } catch (err) { break; }
      if (!settled(res.status)) break;
      if (res.ok) answers[batch.url] = await res.json().catch(() => null);
      await store("queue", "readwrite", (s) => batch.keys.forEach((k) => s.delete(k)));
      sent += batch.keys.length;
    }
    if (sent) document.dispatchEvent(new CustomEvent("ra:flushed", { detail: sent }));
    return answers;
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
