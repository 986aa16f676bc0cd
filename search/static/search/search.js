// Progressive enhancement only: the facet panel is a <details> that works without JavaScript.
// On a wide screen it starts open (there is room beside the results); on a phone it stays
// closed so the result count and the first results come first.
(function () {
    var panel = document.querySelector("details[data-open-wide]");
    if (panel && window.matchMedia("(min-width: 48rem)").matches) {
        panel.open = true;
    }
})();
