/* Review queue: keyboard shortcuts and the actor autocomplete. Everything also works without this file. */
(function () {
  "use strict";

  var KEYS = { a: "btn-approve", r: "btn-reject", e: "btn-edit", j: "btn-next", k: "btn-prev", u: "btn-undo" };

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

  function press(key) {
    var button = document.getElementById(KEYS[key]);
    if (button && !button.disabled) button.click();
  }

  document.addEventListener("htmx:afterSettle", function () {
    if (pending.length && !busy()) press(pending.shift());
  });

  function toggleHelp(show) {
    var help = document.getElementById("review-help");
    if (!help) return;
    help.hidden = show === undefined ? !help.hidden : !show;
  }

  function choose(option) {
    var field = option.closest(".autocomplete");
    if (!field) return;
    var text = field.querySelector("input[type=text]");
    var hidden = field.querySelector("input[data-chosen-id]");
    text.value = option.dataset.name;
    if (hidden) hidden.value = option.dataset.id;
    option.parentElement.innerHTML = "";
    text.focus();
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      var form = document.getElementById("edit-form");
      if (form) { event.preventDefault(); form.requestSubmit(document.getElementById("btn-save")); }
      return;
    }
    if (target.classList && target.classList.contains("option")) {
      if (event.key === "Enter") { event.preventDefault(); choose(target); return; }
      if (event.key === "ArrowDown" && target.nextElementSibling) { event.preventDefault(); target.nextElementSibling.focus(); return; }
      if (event.key === "ArrowUp") {
        event.preventDefault();
        (target.previousElementSibling || target.closest(".autocomplete").querySelector("input[type=text]")).focus();
        return;
      }
    }
    if (event.key === "ArrowDown" && target.getAttribute && target.getAttribute("role") === "combobox") {
      var first = target.parentElement.querySelector(".options .option");
      if (first) { event.preventDefault(); first.focus(); }
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
    if (!KEYS[event.key]) return;
    event.preventDefault();
    if (busy() || pending.length) {
      if (pending.length < 5) pending.push(event.key);
      return;
    }
    press(event.key);
  });

  document.addEventListener("click", function (event) {
    var option = event.target.closest && event.target.closest(".option");
    if (option) { choose(option); return; }
    if (event.target.id === "select-all") {
      document.querySelectorAll("input[name=selected]").forEach(function (box) { box.checked = event.target.checked; });
    }
    var help = document.getElementById("review-help");
    if (help && !help.hidden && event.target === help) toggleHelp(false);
  });

  /* A typed name no longer matches the chosen actor: forget the id so the server resolves the text. */
  document.addEventListener("input", function (event) {
    var field = event.target.closest && event.target.closest(".autocomplete");
    if (field && event.target.type === "text") {
      var hidden = field.querySelector("input[data-chosen-id]");
      if (hidden) hidden.value = "";
    }
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
