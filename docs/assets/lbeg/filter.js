/* Filters for the exercise index. Markup: lbeg/templates/exercise_index.html. */

import { $, $$, isReady, ready } from "./dom.js";

const LISTS = new Set(["equipment", "muscles"]);

function matches(tile, name, value) {
  if (!value) return true;
  if (name === "text") return tile.dataset.text.includes(value.trim().toLowerCase());
  const have = tile.dataset[name] || "";
  return LISTS.has(name) ? have.split(" ").includes(value) : have === value;
}

export function start() {
  const index = document.querySelector("[data-lbeg-index]");
  const form = index && $(index, "[data-lbeg-filter]");
  if (!form || isReady(form)) return;
  const tiles = $$(index, ".lbeg-tile");
  const count = $(index, "[data-lbeg-count]");

  function apply() {
    let shown = 0;
    for (const tile of tiles) {
      const ok = Array.from(form.elements).every((field) => !field.name || matches(tile, field.name, field.value));
      tile.hidden = !ok;
      if (ok) shown += 1;
    }
    count.textContent = shown === tiles.length
      ? `Showing all ${tiles.length} exercises.`
      : `Showing ${shown} of ${tiles.length} exercises.`;
    $(index, "[data-lbeg-none]").hidden = shown !== 0;
  }

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", (event) => event.preventDefault());
  // A reset changes the fields after its event, so filter once it is done.
  form.addEventListener("reset", () => setTimeout(apply, 0));
  apply();
  ready(form);
}
