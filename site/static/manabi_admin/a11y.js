// Accessible names Wagtail's own markup leaves out (axe-core, WCAG 2.1 AA):
// Draftail's editable area (role="textbox") is not tied to its field label,
// and icon-only buttons without text get their title or tooltip as a name.
(function () {
  "use strict";

  function nameRichTextEditors(root) {
    root.querySelectorAll("input[data-draftail-input]").forEach(function (input) {
      var wrapper = input.parentElement;
      var label = document.getElementById(input.id + "-label");
      if (!wrapper || !label) return;
      wrapper.querySelectorAll('[role="textbox"][contenteditable="true"]').forEach(function (box) {
        if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) {
          box.setAttribute("aria-labelledby", label.id);
        }
      });
    });
  }

  function nameIconButtons(root) {
    root.querySelectorAll("button").forEach(function (button) {
      if (button.hasAttribute("aria-label") || button.hasAttribute("aria-labelledby")) return;
      if (button.textContent.trim()) return;
      var name = button.getAttribute("title") || button.getAttribute("data-w-tooltip-content-value");
      if (name) button.setAttribute("aria-label", name);
    });
  }

  function fix() {
    nameRichTextEditors(document);
    nameIconButtons(document);
  }

  document.addEventListener("DOMContentLoaded", fix);
  // Draftail and panels render after load; name what they add.
  new MutationObserver(function () {
    window.requestAnimationFrame(fix);
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
