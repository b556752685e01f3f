// Massar's push service worker: shows each push message (already decrypted by the browser) and opens its page.
"use strict";
self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (error) { data = {title: event.data ? event.data.text() : ""}; }
  event.waitUntil(self.registration.showNotification(data.title || "Massar", {
    body: data.body || "", tag: data.tag || undefined, data: {url: data.url || "/notifications/"},
    icon: "/static/icons/icon-192.png", badge: "/static/icons/icon-192.png"
  }));
});
self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = (event.notification.data && event.notification.data.url) || "/notifications/";
  event.waitUntil(self.clients.matchAll({type: "window", includeUncontrolled: true}).then(function (windows) {
    for (var i = 0; i < windows.length; i++) {
      if (windows[i].url === url && "focus" in windows[i]) { return windows[i].focus(); }
    }
    return self.clients.openWindow(url);
  }));
});
