// Small touches on top of pages that work without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Take keyboard and screen-reader users straight to a form's list of errors.
  const errors = document.querySelector(".form-errors");
  if (errors) errors.focus();
});

// htmx answers an error with a short text (4xx; 429 when a rate limit is reached). Nothing on the
// page is replaced, so what the person typed stays; the text is announced in the alert region.
document.addEventListener("htmx:responseError", (event) => {
  const region = document.getElementById("live-alert");
  const text = (event.detail.xhr.responseText || "").trim();
  if (!region || !text || text.startsWith("<")) return;
  region.replaceChildren();
  const message = document.createElement("p");
  message.className = "message message-error";
  message.textContent = text;
  region.append(message);
});

// A successful htmx request clears an earlier error message.
document.addEventListener("htmx:afterRequest", (event) => {
  const region = document.getElementById("live-alert");
  if (region && event.detail.successful) region.replaceChildren();
});
