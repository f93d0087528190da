/* Lower Back Exercise Guide: the page scripts. Every page loads this module;
   the pages work without it.

   Each feature is a module with a start() function, which finds its markup on
   the page (or does nothing) and may return a stop function. The small ones
   load with this module; the timer, the builder and the patient's view load
   only on the pages that have them. page.js runs them all at each page start. */

import { labelSearch, onPage, startPages } from "./page.js";
import * as filter from "./filter.js";
import * as pictures from "./pictures.js";
import * as share from "./share.js";
import * as deck from "./deck.js";
import * as offline from "./offline.js";
import * as textsize from "./textsize.js";
import * as report from "./report.js";

// The larger parts, each with the markup that calls for it.
const ON_DEMAND = [
  ["[data-lbeg-programme]", () => import("./programme.js")],
  ["[data-lbeg-builder]", () => import("./builder.js")],
  ["[data-lbeg-timer]", () => import("./timer.js")],
];

function startOnDemand() {
  const found = ON_DEMAND.find(([selector]) => document.querySelector(selector));
  if (!found) return undefined;
  return found[1]().then((module) => module.start(), (error) => {
    // Without its script the page cannot work: show the note that says so.
    document.documentElement.classList.remove("lbeg-js");
    throw error;
  });
}

onPage(labelSearch);
onPage(filter.start);
onPage(pictures.start);
onPage(share.start);
onPage(deck.start);
onPage(offline.start);
onPage(textsize.start);
onPage(report.start);
onPage(startOnDemand);
startPages();
