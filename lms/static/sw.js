/* Rider Academy service worker (served at /sw.js; scope: the whole site).
   ra-shell-<version>: CSS, JS, icons, offline page; replaced when any changes.
   ra-offline-v1: lessons the worker downloaded (offline.js fills it); kept across
   shell updates, emptied only by "Remove download". Progress is not sent from
   here: the page queues it in IndexedDB (offline.js) and sends it when online. */
"use strict";
const VERSION = "__VERSION__";
const SHELL = "ra-shell-" + VERSION;
const OFFLINE = "ra-offline-v1";
const SHELL_URLS = "__SHELL__";
const OFFLINE_PAGE = SHELL_URLS[SHELL_URLS.length - 1];
const PAGE_WAIT_MS = 4000; // weak signal: show a downloaded copy after this long

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL).then((c) => c.addAll(SHELL_URLS)).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(
      keys.filter((k) => k.startsWith("ra-shell-") && k !== SHELL).map((k) => caches.delete(k))
    )).then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== location.origin) return;
  if (req.mode === "navigate") event.respondWith(page(req));
  else if (url.pathname.startsWith("/static/")) event.respondWith(shellFirst(req));
  else if (url.pathname.startsWith("/media/")) event.respondWith(media(req));
  else if (url.pathname.startsWith("/api/v1/lessons/")) event.respondWith(lessonJson(req));
});

function downloaded(req) {
  return caches.open(OFFLINE).then((c) => c.match(req, { ignoreSearch: true, ignoreVary: true }));
}

/* Pages: the network, unless it fails or dawdles and a downloaded copy exists. */
async function page(req) {
  const copy = await downloaded(req);
  const net = fetch(req);
  if (!copy) return net.catch(() => caches.match(OFFLINE_PAGE));
  const late = new Promise((ok) => setTimeout(() => ok(copy), PAGE_WAIT_MS));
  return Promise.race([net.catch(() => copy), late]);
}

/* Static files have a content hash in their names: offline, a page kept from before
   an update asks for older names; any version of the same file serves it. */
const PLAIN = (url) => new URL(url).pathname.replace(/\.[0-9a-f]{10}(\.[^./]+)$/, "$1");

async function shellFirst(req) {
  const hit = await caches.match(req, { cacheName: SHELL, ignoreVary: true });
  if (hit) return hit;
  try {
    return await fetch(req);
  } catch (err) {
    const cache = await caches.open(SHELL);
    const same = (await cache.keys()).find((key) => PLAIN(key.url) === PLAIN(req.url));
    if (same) return cache.match(same);
    throw err;
  }
}

/* A lesson's JSON: fresh when online (and the download's copy refreshed). */
async function lessonJson(req) {
  try {
    const res = await fetch(req);
    if (res.ok && await downloaded(req)) {
      (await caches.open(OFFLINE)).put(req, res.clone());
    }
    return res;
  } catch (err) {
    const copy = await downloaded(req);
    if (copy) return copy;
    throw err;
  }
}

/* Media: a downloaded file answers, Range requests included (video seeks). */
async function media(req) {
  const hit = await downloaded(req);
  if (!hit) return fetch(req);
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.get("range") || "");
  if (!range) return hit;
  const blob = await hit.blob();
  let start = range[1] === "" ? blob.size - Number(range[2]) : Number(range[1]);
  let end = range[1] !== "" && range[2] !== "" ? Number(range[2]) : blob.size - 1;
  start = Math.max(0, start);
  end = Math.min(end, blob.size - 1);
  if (start > end) {
    return new Response("", { status: 416, headers: { "Content-Range": "bytes */" + blob.size } });
  }
  return new Response(blob.slice(start, end + 1), {
    status: 206,
    headers: {
      "Content-Type": hit.headers.get("Content-Type") || "application/octet-stream",
      "Content-Range": `bytes ${start}-${end}/${blob.size}`,
      "Content-Length": String(end - start + 1),
      "Accept-Ranges": "bytes",
    },
  });
}
