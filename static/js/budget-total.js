// Live budget total per home on step 5 of the application (progressive enhancement: the
// server renders the same total, so without this script nothing is missing but the live
// update). Loaded as a static file: the portal's CSP allows no inline script.
(function () {
  "use strict";
  var lang = document.documentElement.lang === "en" ? "en-GB" : "nl-NL";
  var money = new Intl.NumberFormat(lang, {
    style: "currency", currency: "EUR", minimumFractionDigits: 0, maximumFractionDigits: 2,
  });

  function read(input) {
    var value = parseFloat(String(input.value).trim().replace(",", "."));
    return isFinite(value) ? value : 0;
  }

  document.querySelectorAll("[data-budget-total]").forEach(function (box) {
    var minimum = parseFloat(box.getAttribute("data-minimum")) || 0;
    var inputs = box.querySelectorAll("input[type=number], input[inputmode=numeric]");
    var line = box.querySelector(".budget-total");
    var sum = box.querySelector("[data-budget-sum]");
    var verdict = box.querySelector("[data-budget-verdict]");
    if (!line || !sum || !verdict) return;

    function update() {
      var total = 0;
      inputs.forEach(function (input) { total += read(input); });
      var below = total < minimum;
      sum.textContent = money.format(total);
      verdict.textContent = line.getAttribute(below ? "data-below" : "data-ok");
      line.classList.toggle("budget-total--below", below);
      line.classList.toggle("budget-total--ok", !below);
    }
    inputs.forEach(function (input) { input.addEventListener("input", update); });
  });
})();
