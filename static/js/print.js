// A "Print" button ([data-print]) opens the browser's print dialog; no inline handlers (CSP).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () {
    window.print();
  });
});
