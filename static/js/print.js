/* "Imprimer" buttons ([data-print]): they start `hidden`, since printing needs this script, and are
   shown and wired here. A separate file because the Content-Security-Policy forbids inline scripts. */
"use strict";
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () {
    window.print();
  });
  button.hidden = false;
});
