/* The printed handout of a programme, for the builder and the patient's view:
   a summary sheet, then each exercise's card with the prescribed dose.
   The sheet's markup is lbeg/templates/handout.html; each exercise on it is a
   copy of the <template> drawn by the same Jinja macro as a routine's printed
   sheet. Each card is a copy of the printed card on the exercise's own page
   (kept on the device with the programme, so it prints with no signal too). */

import { $, $$, fromTemplate, slot } from "./dom.js";
import { doseLine, doseRows } from "./dose.js";
import { drawQr } from "./qr.js";
import { siteUrl } from "./page.js";

// "Take care if you have: weak bones; ..." for an exercise with condition cautions, or "" for none.
export function careText(exercise, who = "you have") {
  if (!exercise.care.length) return "";
  return `Take care if ${who}: ${exercise.care.map((c) => c.name.toLowerCase()).join("; ")}.`;
}

// A copy of an exercise's drawing (from the page's <template>), with ids of its own.
let copies = 0;
export function drawing(root, slug) {
  const svg = $(root, `template[data-lbeg-figure="${slug}"]`).content.firstElementChild.cloneNode(true);
  copies += 1;
  const title = $(svg, "title");
  const desc = $(svg, "desc");
  title.id = `lbeg-copy-${copies}-t`;
  desc.id = `lbeg-copy-${copies}-d`;
  svg.setAttribute("aria-labelledby", `${title.id} ${desc.id}`);
  // A close-up is cut to its circle by a clipPath, which its group names by id.
  for (const clip of svg.querySelectorAll("clipPath")) {
    const user = svg.querySelector(`[clip-path="url(#${clip.id})"]`);
    clip.id = `lbeg-copy-${copies}-zoom`;
    user.setAttribute("clip-path", `url(#${clip.id})`);
  }
  return svg;
}

// Each exercise's printed card, read once from its page.
const cards = new Map();
function cardOf(slug, url) {
  if (!cards.has(slug)) {
    const found = fetch(url).then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
      .then((html) => {
        const card = new DOMParser().parseFromString(html, "text/html").querySelector(`.lbeg-print .lbeg-card[data-slug="${slug}"]`);
        return card ? document.importNode(card, true) : null;
      })
      .catch(() => {
        cards.delete(slug);
        return null;
      });
    cards.set(slug, found);
  }
  return cards.get(slug).then((card) => card && card.cloneNode(true));
}

// A card with the prescribed dose in place of its usual one, and the programme's note.
function prescribed(card, chosen, title, words) {
  const grid = $(card, ".lbeg-dose__grid");
  const row = grid.firstElementChild;
  grid.replaceChildren(...doseRows(chosen.dose, words).map(([label, value]) => {
    const copy = row.cloneNode(true);
    $(copy, "dt").textContent = label;
    $(copy, "dd").textContent = value;
    return copy;
  }));
  $(card, ".lbeg-dose h2").textContent = "Your dose";
  for (const part of $$(card, ".lbeg-dose__build, .lbeg-dose__rx, .lbeg-dose__rx-note")) part.remove();
  const note = $(card, ".lbeg-card__note");
  note.textContent = [title ? `In your programme: ${title}.` : "In your programme.", chosen.note].filter(Boolean).join(" ");
  note.hidden = false;
  return card;
}

let cardsDrawn = Promise.resolve();

// Settles once the cards of the latest handout are in place.
export function handoutReady() {
  return cardsDrawn;
}

// `root` holds the exercises' drawings; `link` is the programme's address.
export function fillHandout(root, catalogue, programme, link) {
  const sheet = document.querySelector("[data-lbeg-handout]");
  if (!sheet) return;
  slot(sheet, "title").textContent = programme.title || "Your exercise programme";
  slot(sheet, "note").textContent = programme.note;
  slot(sheet, "date").textContent = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
  const item = $(sheet, "template[data-lbeg-handout-item]");
  slot(sheet, "list").replaceChildren(...programme.items.map((chosen, i) => {
    const exercise = catalogue.exercises[chosen.slug];
    const li = fromTemplate(item, {
      name: `${i + 1}. ${exercise.name}`,
      dose: doseLine(chosen.dose, catalogue.rules.dose),
      note: chosen.note,
      care: careText(exercise),
      address: siteUrl(exercise.url).replace(/^https?:\/\//, "").replace(/\/$/, ""),
    });
    slot(li, "picture").appendChild(drawing(root, chosen.slug));
    if (!chosen.note) slot(li, "note").remove();
    if (!exercise.care.length) slot(li, "care").remove();
    return li;
  }));
  drawQr(slot(sheet, "qr"), link, "QR code for this programme");

  const box = document.querySelector("[data-lbeg-handout-cards]");
  if (!box) return;
  box.lbegTurn = (box.lbegTurn || 0) + 1;
  const turn = box.lbegTurn;
  const made = programme.items.map((chosen) => cardOf(chosen.slug, siteUrl(catalogue.exercises[chosen.slug].url))
    .then((card) => card && prescribed(card, chosen, programme.title, catalogue.rules.dose))
    .catch((error) => {
      console.error(error);
      return null;
    }));
  cardsDrawn = Promise.all(made).then((list) => {
    if (box.lbegTurn !== turn) return;
    box.replaceChildren(...list.filter(Boolean));
    box.dataset.lbegCards = String(box.children.length);
  });
}
