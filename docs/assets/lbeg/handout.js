/* The printed handout of a programme, for the builder and the patient's view.
   Its markup is lbeg/templates/handout.html; each exercise is a copy of the
   <template> drawn by the same Jinja macro as a routine's printed sheet. */

import { $, fromTemplate, slot } from "./dom.js";
import { doseRows } from "./dose.js";
import { drawQr } from "./qr.js";
import { siteUrl } from "./page.js";

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
  return svg;
}

// "Hold: 5 seconds · Repeat: 8 times", as a routine's sheet puts a dose.
function doseLine(dose) {
  return doseRows(dose).map(([label, value]) => `${label}: ${value}`).join(" \u00b7 ");
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
      dose: doseLine(chosen.dose),
      note: chosen.note,
      care: exercise.care.length ? `Take care if you have: ${exercise.care.map((c) => c.name.toLowerCase()).join("; ")}.` : "",
      address: siteUrl(exercise.url).replace(/^https?:\/\//, "").replace(/\/$/, ""),
    });
    slot(li, "picture").appendChild(drawing(root, chosen.slug));
    if (!chosen.note) slot(li, "note").remove();
    if (!exercise.care.length) slot(li, "care").remove();
    return li;
  }));
  drawQr(slot(sheet, "qr"), link, "QR code for this programme");
}
