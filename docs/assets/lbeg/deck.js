/* The "Print cards" page: choose cards, or a routine's cards, then print.
   Markup: lbeg/templates/deck.html. */

import { $, $$, isReady, ready } from "./dom.js";

export function start() {
  const form = document.querySelector("[data-lbeg-deck]");
  if (!form || isReady(form)) return;
  const boxes = $$(form, "input[name=exercise]");
  const count = $(form, "[data-lbeg-deck-count]");
  const routine = $(form, "[data-lbeg-routine]");

  function apply() {
    const chosen = new Set(boxes.filter((box) => box.checked).map((box) => box.value));
    let last = null;
    for (const card of document.querySelectorAll(".lbeg-print .lbeg-card")) {
      card.classList.toggle("lbeg-card--skip", !chosen.has(card.dataset.slug));
      card.classList.remove("lbeg-card--last");
      if (chosen.has(card.dataset.slug)) last = card;
    }
    if (last) last.classList.add("lbeg-card--last");
    count.textContent = chosen.size === 1 ? "1 card chosen." : `${chosen.size} cards chosen.`;
  }

  function choose(test) {
    for (const box of boxes) box.checked = test(box.value);
    apply();
  }

  form.addEventListener("change", (event) => {
    if (event.target !== routine) return apply();
    const slugs = routine.value.split(" ");
    if (routine.value) choose((slug) => slugs.includes(slug));
  });
  $(form, "[data-lbeg-all]").addEventListener("click", () => choose(() => true));
  $(form, "[data-lbeg-none]").addEventListener("click", () => choose(() => false));
  $(form, "[data-lbeg-print-deck]").addEventListener("click", () => window.print());
  apply();
  ready(form);
}
