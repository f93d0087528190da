/* An exercise page's "Share or print" box: copy the link, open the device's
   share sheet, or print the card. Markup: the share macro in components.html. */

import { $, copyField, isReady, ready } from "./dom.js";

export function start() {
  const box = document.querySelector("#share");
  const copy = box && $(box, "[data-lbeg-copy]");
  if (!copy || isReady(copy)) return;
  const field = $(box, "[data-lbeg-link]");
  const status = $(box, "[data-lbeg-status]");
  const share = $(box, "[data-lbeg-share]");
  const print = $(box, "[data-lbeg-print]");
  copy.addEventListener("click", () => copyField(field, (text) => { status.textContent = text; }));
  if (navigator.share) {
    share.hidden = false;
    share.addEventListener("click", () => navigator.share({ title: document.title, url: field.value }).catch(() => {}));
  }
  print.addEventListener("click", () => window.print());
  ready(copy);
  ready(print);
}
