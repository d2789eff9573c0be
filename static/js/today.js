// « Aujourd'hui »: keeps the counts typed on this phone until the server has them. The page works
// without this script (a refused post comes back with the values); this covers the post that never
// arrived (no network): the values are restored when the page is opened again.
(function () {
  "use strict";
  var storage;
  try {
    storage = window.localStorage;
  } catch (error) {
    return;
  }
  document.querySelectorAll("form[data-draft-key]").forEach(function (form) {
    var key = "aujourdhui:" + form.dataset.draftKey;
    var fields = form.querySelectorAll("input[type=number], select");
    var draft = null;
    try {
      draft = JSON.parse(storage.getItem(key) || "null");
    } catch (error) {
      storage.removeItem(key);
    }
    if (draft) {
      var serverHasIt = Array.prototype.every.call(fields, function (field) {
        return (draft[field.name] || "") === field.value;
      });
      if (serverHasIt) {
        storage.removeItem(key);
      } else if (!form.querySelector(".is-invalid")) {
        fields.forEach(function (field) {
          if (draft[field.name] !== undefined) {
            field.value = draft[field.name];
          }
        });
        var note = document.createElement("p");
        note.className = "alert alert-warning";
        note.setAttribute("role", "status");
        note.textContent = "Chiffres non envoyés retrouvés sur ce téléphone\u00a0: vérifiez-les puis enregistrez.";
        form.insertBefore(note, form.querySelector("button[type=submit]"));
      }
    }
    form.addEventListener("input", function () {
      var values = {};
      fields.forEach(function (field) {
        values[field.name] = field.value;
      });
      storage.setItem(key, JSON.stringify(values));
    });
  });
})();
