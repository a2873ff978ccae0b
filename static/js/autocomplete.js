/* The actor autocomplete (review, merge, compare): arrow keys move through the options, Enter or a click
   chooses one. Everything also works without this file: a typed name is looked up on the server. */
(function () {
  "use strict";

  function choose(option) {
    var field = option.closest(".autocomplete");
    if (!field) return;
    var text = field.querySelector("input[type=text]");
    var hidden = field.querySelector("input[data-chosen-id]");
    text.value = option.dataset.name;
    if (hidden) hidden.value = option.dataset.id;
    option.parentElement.innerHTML = "";
    text.focus();
    if (field.hasAttribute("data-submit-on-choose") && text.form) text.form.requestSubmit();
  }

  function onOption(event, option) {
    if (event.key === "Enter") { event.preventDefault(); choose(option); return; }
    if (event.key === "ArrowDown" && option.nextElementSibling) { event.preventDefault(); option.nextElementSibling.focus(); return; }
    if (event.key === "ArrowUp") {
      event.preventDefault();
      (option.previousElementSibling || option.closest(".autocomplete").querySelector("input[type=text]")).focus();
    }
  }

  function onCombobox(event, box) {
    var first = box.parentElement.querySelector(".options .option");
    if (event.key === "ArrowDown" && first) { event.preventDefault(); first.focus(); return; }
    /* Enter never submits from an autocomplete box: it chooses the first match, or does nothing
       (submitting a name no actor has would only answer an error and lose the editor's place). */
    if (event.key === "Enter") {
      event.preventDefault();
      if (first) choose(first);
    }
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey) return;
    if (target.classList && target.classList.contains("option")) onOption(event, target);
    else if (target.getAttribute && target.getAttribute("role") === "combobox") onCombobox(event, target);
  });

  document.addEventListener("click", function (event) {
    var option = event.target.closest && event.target.closest(".autocomplete .option");
    if (option) choose(option);
  });

  /* A typed name no longer matches the chosen actor: forget the id so the server resolves the text. */
  document.addEventListener("input", function (event) {
    var field = event.target.closest && event.target.closest(".autocomplete");
    if (field && event.target.type === "text") {
      var hidden = field.querySelector("input[data-chosen-id]");
      if (hidden) hidden.value = "";
    }
  });
})();
