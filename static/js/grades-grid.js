// The grade-entry grid, keyboard-first: Tab moves to the next cell (the browser's own order); Enter moves
// to the same column in the next student's row (Shift+Enter: the row above). Leaving a cell fires its
// "change" event, which htmx turns into a save. The submit form asks for a confirmation first.
(function () {
  "use strict";

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

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (event.key !== "Enter" || !(input instanceof HTMLInputElement) || input.type !== "text") { return; }
    if (!input.closest("#grade-grid")) { return; }
    event.preventDefault();
    var target = sameColumn(input, event.shiftKey ? -1 : 1);
    if (target) {
      target.focus();
      target.select();
    } else {
      input.blur();  // the last row: leaving the cell still saves it
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });
})();
