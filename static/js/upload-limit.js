// Checks the size of chosen files before the form is sent, from the limits the server put on
// each file input (klushuis/uploads/limits.py). The server checks again; this only saves the
// wait for a file that would be refused.
(function () {
  "use strict";
  if (window.klushuisUploadLimit) {
    return;
  }
  window.klushuisUploadLimit = true;
  var SELECTOR = "input[type=file][data-max-bytes]";

  function megabytes(bytes) {
    var lang = document.documentElement.lang || "nl";
    var number = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    return number.format(bytes / (1024 * 1024)) + " MB";
  }

  function fileInputs(form) {
    return Array.prototype.filter.call(form ? form.elements : [], function (element) {
      return element.matches && element.matches("input[type=file]");
    });
  }

  function problem(input) {
    var max = parseInt(input.dataset.maxBytes, 10);
    var files = Array.prototype.slice.call(input.files || []);
    for (var i = 0; i < files.length; i++) {
      if (files[i].size > max) {
        return input.dataset.tooLarge.replace("{size}", megabytes(files[i].size));
      }
    }
    var limit = parseInt(input.dataset.maxRequestBytes, 10);
    if (input.form && limit) {
      var total = 0;
      fileInputs(input.form).forEach(function (other) {
        Array.prototype.forEach.call(other.files || [], function (file) {
          total += file.size;
        });
      });
      if (total > limit && files.length) {
        return input.dataset.requestTooLarge.replace("{size}", megabytes(total));
      }
    }
    return "";
  }

  // The message also stays on the page (the browser's own bubble disappears), in the form's
  // error style, read out by screen readers.
  function show(input, message) {
    var id = input.id ? input.id + "-size-error" : "";
    var note = id ? document.getElementById(id) : null;
    if (!message) {
      if (note) {
        note.remove();
      }
      input.classList.remove("is-invalid");
      return;
    }
    if (!note) {
      note = document.createElement("div");
      note.id = id;
      note.className = "invalid-feedback d-block upload-limit-error";
      note.setAttribute("role", "alert");
      input.insertAdjacentElement("afterend", note);
    }
    note.textContent = message;
    input.classList.add("is-invalid");
  }

  function check(input) {
    var message = problem(input);
    input.setCustomValidity(message);
    show(input, message);
    return message === "";
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.matches && input.matches(SELECTOR) && !check(input)) {
      input.reportValidity();
    }
  });

  // Django's admin forms carry novalidate, so a custom validity alone does not stop them.
  document.addEventListener(
    "submit",
    function (event) {
      var invalid = fileInputs(event.target).filter(function (input) {
        return input.matches(SELECTOR) && !check(input);
      });
      if (invalid.length) {
        event.preventDefault();
        event.stopPropagation();
        invalid[0].reportValidity();
      }
    },
    true
  );
})();
