// Accessible names Wagtail's own markup leaves out (axe-core, WCAG 2.1 AA):
// Draftail's editable area (role="textbox") is not tied to its field label,
// and icon-only buttons without text get their title or tooltip as a name.
// Each fix is checked by tests/e2e/admin/test_admin_accessibility.py.
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

  // A button whose words are only in its hidden tooltip (the editor's "who else is here"
  // avatars, wagtailadmin/shared/editing_sessions/list.html) is named by those words.
  // Once Wagtail's tooltip controller has started, the words live in its tippy instance;
  // only a tooltip's: a dropdown toggle's tippy holds its whole menu.
  var TOOLTIP_CONTENT = '[data-w-tooltip-target="content"]';

  function tooltipText(button) {
    var controllers = (button.getAttribute("data-controller") || "").split(/\s+/);
    if (controllers.indexOf("w-tooltip") === -1) return "";
    var content = button.querySelector(TOOLTIP_CONTENT);
    if (!content && button._tippy) content = button._tippy.props.content;
    if (!content) return "";
    var text = typeof content === "string" ? content : content.textContent;
    return text.replace(/\s+/g, " ").trim();
  }

  function visibleText(button) {
    var text = button.textContent;
    button.querySelectorAll(TOOLTIP_CONTENT).forEach(function (content) {
      text = text.replace(content.textContent, "");
    });
    return text.trim();
  }

  function nameIconButtons(root) {
    root.querySelectorAll("button").forEach(function (button) {
      if (button.hasAttribute("aria-label") || button.hasAttribute("aria-labelledby")) return;
      if (visibleText(button)) return;
      var name =
        tooltipText(button) ||
        button.getAttribute("title") ||
        button.getAttribute("data-w-tooltip-content-value");
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
