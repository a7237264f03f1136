// Hide a validation error as soon as the user starts correcting it.
document.addEventListener("DOMContentLoaded", () => {
  const input = document.getElementById("id_text");
  if (input) {
    input.addEventListener("input", () => {
      input.classList.remove("is-invalid");
      input.removeAttribute("aria-invalid");
    });
  }
});
