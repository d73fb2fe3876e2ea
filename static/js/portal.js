// Small touches on top of pages that work without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Take keyboard and screen-reader users straight to a form's list of errors.
  const errors = document.querySelector(".form-errors");
  if (errors) errors.focus();
});
