// The grade-entry grid, keyboard-first, and its promise: a mark typed is never lost.
//
// Keys: Tab / Shift+Tab go from mark to mark along the row (the absence ticks are out of the Tab order);
// Enter / Shift+Enter go to the same column in the next / previous student's row; "a" (or "غ", the absence
// marker of the canevas, for an Arabic keyboard) in a mark ticks or unticks that mark's absence. A space never
// ticks an absence.
//
// Saving: leaving a changed cell fires its "change" event, which posts the cell at once (before the next cell
// is even focused). The cell's <input> is never replaced, so nothing typed meanwhile can be overwritten: the
// answer (the cell as the server drew it) only updates the cell's state, message and normalised value, and
// only if the cell still holds what was sent. A cell changed while its save is under way is sent again when
// the answer comes (one request per cell at a time, the last value always last). Each save carries the cell as
// this page last read it ("was"): a cell changed meanwhile in another tab is refused, shown with what it holds,
// and the teacher keeps theirs or takes that one. A save that fails (no
// connection, session ended, server error) leaves the value in place, flags the cell "not saved", lists it
// above the Submit button and is tried again by itself; leaving the page or submitting the sheet is held back
// while any cell is unsaved.
(function () {
  "use strict";

  var grid = document.getElementById("grade-grid");
  if (!grid || !grid.hasAttribute("data-editable")) { return; }
  var ABSENCE_KEYS = ["a", "A", "غ"];
  var RETRY_FIRST_MS = 2000;
  var RETRY_MAX_MS = 30000;

  function text(name) { return grid.getAttribute("data-text-" + name) || ""; }
  function cellOf(element) { return element.closest ? element.closest("td.cell[data-save]") : null; }
  function fieldOf(td) { return td.querySelector("input[type=text]"); }
  function tickOf(td) { return td.querySelector("input[type=checkbox]"); }
  function snapshot(td) {
    var tick = tickOf(td);
    return fieldOf(td).value + "\u0000" + (tick && tick.checked ? "absent" : "");
  }

  // --- Saving ----------------------------------------------------------------------------------------------

  function formBody(td) {
    var body = new URLSearchParams();
    td.querySelectorAll("input[name]").forEach(function (input) {
      if (input.type === "checkbox") {
        if (input.checked) { body.append(input.name, "on"); }
      } else {
        body.append(input.name, input.value);
      }
    });
    return body;
  }

  function save(td) {
    td.setAttribute("data-dirty", "");
    clearTimeout(td.retryTimer);
    if (td.hasAttribute("data-inflight")) { return; }  // sent again as soon as the answer comes
    send(td);
  }

  function send(td) {
    td.removeAttribute("data-dirty");
    td.setAttribute("data-inflight", "");
    var sent = snapshot(td);
    showState(td, "saving", text("saving"));
    fetch(td.getAttribute("data-save"), {
      method: "POST", body: formBody(td), credentials: "same-origin", redirect: "follow",
      headers: {"X-CSRFToken": grid.getAttribute("data-csrf")}
    }).then(function (response) {
      return response.text().then(function (html) {
        // A sign-in page (session ended) or an error page is not this cell: the save failed.
        return response.ok && !response.redirected ? drawn(html, td.id) : null;
      });
    }).catch(function () { return null; }).then(function (answer) { settle(td, sent, answer); });
  }

  function drawn(html, id) {
    // The answer is a <td> (and the row's average): parse it inside a table row, as the server drew it.
    var doc = new DOMParser().parseFromString("<table><tbody><tr>" + html + "</tr></tbody></table>", "text/html");
    var td = doc.getElementById(id);
    return td ? {td: td, doc: doc} : null;
  }

  // The cell as the server holds it (hidden "was" fields), sent with the next save of this cell: a save against
  // a cell another tab changed meanwhile is refused and shown, never applied blindly.
  function adoptVersion(td, fresh) {
    ["was", "was_absent"].forEach(function (name) {
      var mine = td.querySelector('input[name="' + name + '"]');
      var theirs = fresh.querySelector('input[name="' + name + '"]');
      if (mine && theirs) { mine.value = theirs.value; }
    });
  }

  function settle(td, sent, answer) {
    td.removeAttribute("data-inflight");
    if (answer !== null && answer.td.classList.contains("saved")) { adoptVersion(td, answer.td); }
    if (td.hasAttribute("data-dirty")) { send(td); return; }  // changed meanwhile: the newer value goes now
    if (answer === null) { fail(td); return; }  // tried again by itself, with whatever the cell then holds
    if (snapshot(td) !== sent) { showState(td, "", ""); return; }  // still being typed: saved when left
    td.retryDelay = 0;
    apply(td, answer);
  }

  function apply(td, answer) {
    var fresh = answer.td;
    adoptVersion(td, fresh);
    var field = fieldOf(td);
    var freshField = fieldOf(fresh);
    td.className = fresh.className;
    td.removeAttribute("data-unsaved");
    if (freshField && field.value !== freshField.value) {  // 9.5 → 9,50, still all selected if it was
      var whole = document.activeElement === field && field.selectionStart === 0
        && field.selectionEnd === field.value.length;
      field.value = freshField.value;
      if (whole) { field.select(); }
    }
    ["aria-invalid", "aria-describedby"].forEach(function (name) {
      if (freshField && freshField.hasAttribute(name)) { field.setAttribute(name, freshField.getAttribute(name)); }
      else { field.removeAttribute(name); }
    });
    var tick = tickOf(td);
    var freshTick = tickOf(fresh);
    if (tick && freshTick) { tick.checked = freshTick.checked; }
    var status = td.querySelector(".cell-status");
    var freshStatus = fresh.querySelector(".cell-status");
    if (status && freshStatus) { status.innerHTML = freshStatus.innerHTML; }
    var average = answer.doc.querySelector("[id^='average-']");
    if (average) {
      var shown = document.getElementById(average.id);
      if (shown) { shown.textContent = average.textContent; }
    }
    listProblems();
  }

  function fail(td) {
    td.setAttribute("data-unsaved", "");
    td.classList.remove("saved", "invalid", "saving");
    td.classList.add("unsaved");
    setMessage(td, text("failed"), "error cell-error");
    td.retryDelay = Math.min((td.retryDelay || RETRY_FIRST_MS / 2) * 2, RETRY_MAX_MS);
    td.retryTimer = setTimeout(function () {
      if (!td.hasAttribute("data-inflight") && td.hasAttribute("data-unsaved")) { send(td); }
    }, td.retryDelay);
    listProblems();
  }

  function showState(td, state, message) {
    td.classList.remove("saved", "invalid", "saving");
    if (state) { td.classList.add(state); }
    if (!td.hasAttribute("data-unsaved")) { td.classList.remove("unsaved"); }
    setMessage(td, message, "hint");
  }

  function setMessage(td, message, kind) {
    var status = td.querySelector(".cell-status");
    if (!status) { return; }
    status.textContent = "";
    if (message) {
      var span = document.createElement("span");
      span.className = kind;
      span.textContent = message;
      status.appendChild(span);
    }
  }

  // --- Cells not saved, listed above the Submit button -----------------------------------------------------

  function listProblems() {
    var section = document.getElementById("grid-problems");
    if (!section) { return; }
    var list = section.querySelector("ul");
    list.textContent = "";
    grid.querySelectorAll("td.cell.invalid, td.cell.unsaved").forEach(function (td) {
      var field = fieldOf(td);
      var message = td.querySelector(".cell-status");
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + field.id;
      link.textContent = field.getAttribute("aria-label");
      link.addEventListener("click", function (event) {
        event.preventDefault();
        field.focus();
        field.select();
      });
      item.appendChild(link);
      item.appendChild(document.createTextNode(": " + (message ? message.textContent.trim() : "")));
      list.appendChild(item);
    });
    section.hidden = !list.children.length;
  }

  function pending() { return grid.querySelectorAll("td[data-inflight], td[data-dirty]").length > 0; }
  function unsaved() { return grid.querySelectorAll("td.cell.invalid, td[data-unsaved]").length > 0; }

  // --- Events ----------------------------------------------------------------------------------------------

  grid.addEventListener("change", function (event) {
    var td = cellOf(event.target);
    if (td) { save(td); }
  });

  // A cell changed meanwhile elsewhere: keep mine (saved against what it holds now) or take theirs.
  grid.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-keep], button[data-take]") : null;
    var td = button && cellOf(button);
    if (!td) { return; }
    event.preventDefault();
    if (button.hasAttribute("data-keep")) {
      save(td);
    } else {
      fieldOf(td).value = button.getAttribute("data-take");
      var tick = tickOf(td);
      if (tick) { tick.checked = button.getAttribute("data-take-absent") === "on"; }
      td.classList.remove("invalid");
      showState(td, "saved", text("taken"));
      fieldOf(td).removeAttribute("aria-invalid");
      listProblems();
    }
    fieldOf(td).focus();
  });

  function sameColumn(input, step) {
    var row = input.closest("tr");
    var column = input.getAttribute("data-col");
    var next = step > 0 ? row.nextElementSibling : row.previousElementSibling;
    while (next) {
      var target = next.querySelector('input[type=text][data-col="' + column + '"]');
      if (target) { return target; }
      next = step > 0 ? next.nextElementSibling : next.previousElementSibling;
    }
    return null;
  }

  grid.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement)) { return; }
    if (input.type === "checkbox") {
      if (event.key === " " || event.key === "Spacebar") { event.preventDefault(); }  // a space never ticks
      return;
    }
    if (input.type !== "text") { return; }
    if (event.key === "Enter") {
      event.preventDefault();
      var target = sameColumn(input, event.shiftKey ? -1 : 1);
      if (target) {
        target.focus();  // the cell left fires "change" (and is posted) before the target takes focus
        target.select();
      } else {
        input.blur();  // the last row: leaving the cell still saves it
      }
      return;
    }
    if (ABSENCE_KEYS.indexOf(event.key) >= 0 && input.classList.contains("mark-input")
        && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      var td = cellOf(input);
      var tick = td && tickOf(td);
      if (tick) {
        tick.checked = !tick.checked;
        save(td);
      }
    }
  });

  grid.addEventListener("keyup", function (event) {
    var input = event.target;
    if (input instanceof HTMLInputElement && input.type === "checkbox" && event.key === " ") {
      event.preventDefault();
    }
  });

  window.addEventListener("beforeunload", function (event) {
    if (pending() || unsaved()) {
      event.preventDefault();
      event.returnValue = text("leave");
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("submit-sheet")) { return; }
    // The cell being typed in is posted by its "change" before the button is pressed; wait for every save.
    if (pending()) {
      event.preventDefault();
      if (!form.hasAttribute("data-waiting")) {  // submitted by itself once every save has answered
        form.setAttribute("data-waiting", "");
        var timer = setInterval(function () {
          if (pending()) { return; }
          clearInterval(timer);
          form.removeAttribute("data-waiting");
          if (form.requestSubmit) { form.requestSubmit(); }
        }, 200);
      }
      return;
    }
    if (unsaved()) {
      event.preventDefault();
      listProblems();
      window.alert(text("unsaved"));
      var first = grid.querySelector("td.cell.invalid input[type=text], td[data-unsaved] input[type=text]");
      if (first) { first.focus(); }
      return;
    }
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });

  listProblems();
  // Every key and tap above is now handled (what a browser test waits for before typing).
  grid.setAttribute("data-ready", "");
})();
