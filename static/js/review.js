/* Review queue: keyboard shortcuts (the actor autocomplete is js/autocomplete.js). Everything also works
   without this file. */
(function () {
  "use strict";

  var KEYS = { a: "btn-approve", r: "btn-reject", e: "btn-edit", j: "btn-next", k: "btn-prev", u: "btn-undo" };
  /* Keys that act on the chosen stance of the card (1-9 choose it). */
  var STANCE_KEYS = { c: "accept", f: "flip", d: "drop" };

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  /* While htmx is fetching or swapping a card, keys wait in a short queue and run once it has settled,
     so fast typing never acts on a card that is about to be replaced, and never loses a keystroke. */
  var pending = [];

  function busy() {
    return document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling") !== null;
  }

  function stanceButton(key) {
    var row = document.querySelector("#review-card .stance-row.selected");
    return row && row.querySelector("button[data-stance-action=" + STANCE_KEYS[key] + "]");
  }

  function press(key) {
    var button = STANCE_KEYS[key] ? stanceButton(key) : document.getElementById(KEYS[key]);
    if (button && !button.disabled) button.click();
  }

  function chooseStance(index) {
    var rows = document.querySelectorAll("#review-card .stance-row");
    if (index < 1 || index > rows.length) return;
    rows.forEach(function (row, i) {
      var chosen = i === index - 1;
      row.classList.toggle("selected", chosen);
      if (chosen) row.setAttribute("aria-current", "true"); else row.removeAttribute("aria-current");
    });
  }

  document.addEventListener("htmx:afterSettle", function () {
    if (pending.length && !busy()) press(pending.shift());
  });

  function toggleHelp(show) {
    var help = document.getElementById("review-help");
    if (!help) return;
    help.hidden = show === undefined ? !help.hidden : !show;
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      var form = document.getElementById("edit-form");
      if (form) { event.preventDefault(); form.requestSubmit(document.getElementById("btn-save")); }
      return;
    }
    if (event.key === "Escape") {
      if (typing(target)) { target.blur(); return; }
      var help = document.getElementById("review-help");
      if (help && !help.hidden) { toggleHelp(false); return; }
      var cancel = document.getElementById("btn-cancel");
      if (cancel) cancel.click();
      return;
    }
    if (typing(target) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "?") { event.preventDefault(); toggleHelp(); return; }
    if (/^[1-9]$/.test(event.key) && document.querySelector("#review-card .stance-row")) {
      event.preventDefault();
      chooseStance(parseInt(event.key, 10));
      return;
    }
    if (!KEYS[event.key] && !STANCE_KEYS[event.key]) return;
    event.preventDefault();
    if (busy() || pending.length) {
      if (pending.length < 5) pending.push(event.key);
      return;
    }
    press(event.key);
  });

  document.addEventListener("click", function (event) {
    if (event.target.id === "select-all") {
      document.querySelectorAll("input[name=selected]").forEach(function (box) { box.checked = event.target.checked; });
      bulkLabel();
    }
    var help = document.getElementById("review-help");
    if (help && !help.hidden && event.target === help) toggleHelp(false);
  });

  /* The list view's approve button says what it will do: how many candidates, and the stances it confirms. */
  function bulkLabel() {
    var button = document.getElementById("bulk-approve");
    if (!button) return;
    var boxes = document.querySelectorAll("input[name=selected]:checked"), stances = 0;
    boxes.forEach(function (box) { stances += parseInt(box.dataset.stances || "0", 10); });
    button.textContent = boxes.length
      ? "Approve " + boxes.length + " selected (confirms " + stances + " stance" + (stances === 1 ? "" : "s") + ")"
      : button.dataset.label;
  }

  document.addEventListener("change", function (event) {
    if (event.target.name === "selected") bulkLabel();
  });

  /* After htmx swaps in the edit form, put the cursor in the first field. */
  document.addEventListener("htmx:afterSwap", function () {
    var form = document.getElementById("edit-form");
    if (form && !form.contains(document.activeElement)) {
      var speaker = form.querySelector("input[name=speaker]");
      if (speaker) speaker.focus();
    }
  });
})();
