// The roll call page: every tap (absent, late, back to present) becomes a mark with its own idempotency key,
// kept in a queue in localStorage (so a closed tab or a dead battery loses nothing) and sent to the server in
// one request whenever there is a connection. The server skips a key it already received, so sending the queue
// twice records nothing twice; a mark leaves the queue only once the server answered for it.
(function () {
  "use strict";
  var form = document.getElementById("roll-call");
  var status = document.getElementById("roll-call-status");
  if (!form || !status) { return; }
  var queueName = form.dataset.queue;
  var url = form.dataset.marksUrl;
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var sending = false;

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function load() {
    try { return JSON.parse(window.localStorage.getItem(queueName) || "[]"); } catch (e) { return []; }
  }

  function save(queue) { window.localStorage.setItem(queueName, JSON.stringify(queue)); }

  function show(extra) {
    var waiting = load().length;
    status.dataset.waiting = String(waiting);
    status.querySelector(".count").textContent = String(waiting);
    var label = status.querySelector(".label");
    if (extra) { label.textContent = extra; }
    else if (waiting === 0) { label.textContent = status.dataset.textSent; status.querySelector(".count").textContent = ""; }
    else if (!navigator.onLine) { label.textContent = status.dataset.textWaiting + " · " + status.dataset.textOffline; }
    else { label.textContent = status.dataset.textWaiting; }
  }

  function paint(row, state, minutes) {
    row.dataset.status = state;
    row.querySelector(".absent").setAttribute("aria-pressed", state === "absent" ? "true" : "false");
    row.querySelector(".late").setAttribute("aria-pressed", state === "late" ? "true" : "false");
    row.querySelector(".minutes").hidden = state !== "late";
    if (minutes) { row.querySelector(".minutes input").value = String(minutes); }
  }

  function enqueue(row, state) {
    var mark = { key: newKey(), student: row.dataset.student, status: state, minutes: null };
    if (state === "late") {
      var minutes = parseInt(row.querySelector(".minutes input").value, 10);
      mark.minutes = minutes > 0 ? minutes : 10;
    }
    var queue = load();
    queue.push(mark);
    save(queue);
    show();
    flush();
  }

  function flush() {
    var queue = load();
    if (sending || queue.length === 0 || !navigator.onLine) { show(); return; }
    sending = true;
    var batch = queue.slice(0, 200);
    fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "application/json" },
      body: JSON.stringify({ marks: batch })
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        return { ok: response.ok, status: response.status, body: body };
      });
    }).then(function (answer) {
      sending = false;
      if (answer.ok) {
        var sent = {};
        batch.forEach(function (mark) { sent[mark.key] = true; });
        save(load().filter(function (mark) { return !sent[mark.key]; }));
        show();
        if (load().length) { flush(); }
      } else if (answer.status >= 400 && answer.status < 500 && answer.status !== 408 && answer.status !== 429) {
        // Refused as a whole (e.g. a student left the class): say why; the marks stay to be looked at.
        show(status.dataset.textRefused + " " + (answer.body.detail || answer.status));
      } else {
        show();
      }
    }).catch(function () { sending = false; show(); });
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest("button.mark");
    if (!button) { return; }
    var row = button.closest(".roll-row");
    var wanted = button.dataset.set;
    var state = row.dataset.status === wanted ? "present" : wanted;
    paint(row, state);
    enqueue(row, state);
  });

  form.addEventListener("change", function (event) {
    if (!event.target.matches(".minutes input")) { return; }
    var row = event.target.closest(".roll-row");
    if (row.dataset.status === "late") { enqueue(row, "late"); }
  });

  form.addEventListener("submit", function (event) { event.preventDefault(); });

  // Marks still queued from an earlier visit are shown as they were tapped.
  load().forEach(function (mark) {
    var row = form.querySelector('.roll-row[data-student="' + mark.student + '"]');
    if (row) { paint(row, mark.status, mark.minutes); }
  });

  window.addEventListener("online", flush);
  window.addEventListener("offline", function () { show(); });
  window.setInterval(flush, 15000);
  show();
  flush();

  if ("serviceWorker" in navigator && form.dataset.worker) {
    navigator.serviceWorker.register(form.dataset.worker, { scope: "/teacher/attendance/" }).catch(function () {});
  }
  // Keep this page and its files now (the worker only sees what is fetched after it starts), so that it opens
  // again without a network.
  if (window.caches) {
    var files = [window.location.pathname];
    document.querySelectorAll("script[src], link[rel=stylesheet]").forEach(function (node) {
      files.push(node.getAttribute("src") || node.getAttribute("href"));
    });
    window.caches.open("massar-attendance-v1").then(function (cache) { return cache.addAll(files); })
      .then(function () { document.documentElement.dataset.offlineReady = "true"; })
      .catch(function () {});
  }
})();
