// Web Push on this phone: register the service worker, subscribe with the server's VAPID key, and send the
// subscription to Massar (or withdraw it). Vendored, no inline code (the CSP allows scripts from 'self' only).
(function () {
  "use strict";
  var section = document.getElementById("push");
  if (!section || !("serviceWorker" in navigator) || !("PushManager" in window)) { return; }
  section.hidden = false;
  var on = section.querySelector("[data-push=on]");
  var off = section.querySelector("[data-push=off]");
  var state = section.querySelector("[data-push-state]");
  function csrf() {
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return match ? decodeURIComponent(match[1]) : (field ? field.value : "");
  }
  function key(text) {
    var padded = (text + "===".slice((text.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded), bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
    return bytes;
  }
  function show(subscribed, message) {
    on.hidden = subscribed; off.hidden = !subscribed;
    state.textContent = message || state.dataset[subscribed ? "on" : "off"];
  }
  function post(url, subscription) {
    return fetch(url, {method: "POST", credentials: "same-origin", body: JSON.stringify(subscription),
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf()}});
  }
  var ready = navigator.serviceWorker.register(section.dataset.worker).then(function () {
    return navigator.serviceWorker.ready;
  });
  ready.then(function (registration) { return registration.pushManager.getSubscription(); })
    .then(function (subscription) { show(Boolean(subscription)); })
    .catch(function () { show(false); });
  on.addEventListener("click", function () {
    ready.then(function (registration) {
      return registration.pushManager.subscribe({userVisibleOnly: true, applicationServerKey: key(section.dataset.key)});
    }).then(function (subscription) {
      return post(section.dataset.subscribe, subscription.toJSON());
    }).then(function (response) {
      if (!response.ok) { throw new Error("refused"); }
      show(true);
    }).catch(function () {
      show(false, state.dataset[Notification.permission === "denied" ? "denied" : "failed"]);
    });
  });
  off.addEventListener("click", function () {
    ready.then(function (registration) { return registration.pushManager.getSubscription(); })
      .then(function (subscription) {
        if (!subscription) { return null; }
        return post(section.dataset.unsubscribe, subscription.toJSON()).then(function () {
          return subscription.unsubscribe();
        });
      }).then(function () { show(false); });
  });
})();
