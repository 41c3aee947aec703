/* The sales round form: jury, criteria and minimum score only for a round assessed by plan
   quality. The server hides them for a lottery round; this shows or hides them as soon as the
   selection method changes. */
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const method = document.getElementById("id_selection_method");
  if (!method) {
    return;
  }
  const toggle = () => {
    const lottery = method.value === "lottery";
    document.querySelectorAll(".assessment-only").forEach((part) => {
      part.classList.toggle("hidden", lottery);
    });
  };
  method.addEventListener("change", toggle);
  toggle();
});
