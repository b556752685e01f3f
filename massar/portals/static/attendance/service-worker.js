// Keeps the roll call pages and their files for when the network is gone: each page and file under its reach is
// fetched from the network first and kept; without a network the kept copy answers. Marks are never cached: the
// page queues them itself (roll-call.js) and sends them when the connection returns.
"use strict";
var CACHE = "massar-attendance-v1";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  var kept = url.pathname.indexOf("/teacher/attendance/") === 0 || url.pathname.indexOf("/static/") === 0;
  if (!kept) { return; }
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request, { ignoreVary: true, ignoreSearch: false }).then(function (hit) { return hit || Response.error(); });
  }));
});
