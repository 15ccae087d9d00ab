// Progressive enhancements only: every page works without this file.
(function () {
  "use strict";

  // Registration form: show as many child rows as the number of children given.
  function syncChildRows() {
    var count = document.getElementById("children");
    var rows = document.querySelectorAll("[data-child-row]");
    if (!count || rows.length === 0) { return; }
    var wanted = parseInt(count.value, 10);
    if (isNaN(wanted) || wanted < 0) { wanted = 0; }
    rows.forEach(function (row, index) {
      var filled = Array.prototype.some.call(row.querySelectorAll("input"), function (input) { return input.value !== ""; });
      row.hidden = index >= wanted && !filled;
    });
    var group = document.querySelector("[data-child-details]");
    if (group) { group.hidden = wanted === 0 && !document.querySelector("[data-child-row]:not([hidden])"); }
  }

  // Move focus to the error summary so that screen reader users hear what to correct.
  function focusErrors() {
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  }

  // The menu after sign-in is a disclosure that only a phone keeps closed; app.css shows it whole on a wider
  // screen. Opening it there as well keeps its state true for browsers without ::details-content.
  function keepMenuOpenOnWideScreens() {
    var menu = document.querySelector("[data-site-menu]");
    if (!menu || !window.matchMedia) { return; }
    var wide = window.matchMedia("(min-width: 48rem)");
    function follow() { menu.open = wide.matches; }
    follow();
    if (wide.addEventListener) { wide.addEventListener("change", follow); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    keepMenuOpenOnWideScreens();
    var count = document.getElementById("children");
    if (count) {
      count.addEventListener("input", syncChildRows);
      syncChildRows();
    }
    focusErrors();
  });
})();
