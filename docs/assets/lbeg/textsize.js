/* Larger text, for reading at arm's length on the floor. The choice is kept on
   this device; the page head applies it before the page is drawn. */

import { $$, ready } from "./dom.js";

const KEY = "lbeg-text";
const CLASS = "lbeg-large";

function large() {
  return document.documentElement.classList.contains(CLASS);
}

function show(buttons) {
  for (const button of buttons) button.setAttribute("aria-pressed", String(large()));
}

export function start() {
  const buttons = $$(document, "[data-lbeg-text-size]");
  if (!buttons.length) return undefined;
  const toggle = () => {
    document.documentElement.classList.toggle(CLASS, !large());
    try {
      if (large()) window.localStorage.setItem(KEY, "large");
      else window.localStorage.removeItem(KEY);
    } catch (error) {
      // Not kept for next time; the page still changes now.
    }
    show(buttons);
  };
  for (const button of buttons) {
    button.addEventListener("click", toggle);
    ready(button);
  }
  show(buttons);
  return () => buttons.forEach((button) => button.removeEventListener("click", toggle));
}
