// Report pages: the print button (the page itself prints cleanly with Ctrl+P as well).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
