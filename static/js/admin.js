// The admin's autocomplete fields (select2) name their combobox after the option chosen only: with
// nothing chosen yet, a screen reader announces a nameless field. Name it after the field's label too.
"use strict";

function labelAutocompletes(root) {
  root.querySelectorAll("select.admin-autocomplete").forEach((select) => {
    const label = document.querySelector(`label[for="${select.id}"]`);
    const combobox = select.nextElementSibling && select.nextElementSibling.querySelector(".select2-selection");
    if (!label || !combobox) {
      return;
    }
    label.id = label.id || `${select.id}-label`;
    const rendered = combobox.querySelector(".select2-selection__rendered");
    combobox.setAttribute("aria-labelledby", [label.id, rendered && rendered.id].filter(Boolean).join(" "));
    if (rendered) {
      rendered.setAttribute("aria-labelledby", label.id); // select2 gives it a textbox role of its own
    }
  });
}

// After Django's own handlers, which start select2 once the page is ready (a jQuery ready handler,
// registered before this deferred script runs) and on each new inline row.
if (window.django && window.django.jQuery) {
  window.django.jQuery(() => labelAutocompletes(document));
}
document.addEventListener("formset:added", (event) => labelAutocompletes(event.target));
