/* Moving pictures: a Play/Pause button, and they start once on screen, unless
   the reader has asked for less motion. Markup: lbeg/templates/figure.html. */

import { isReady, ready } from "./dom.js";

export function start() {
  const still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  const watchers = [];
  for (const svg of document.querySelectorAll("[data-lbeg-moving]")) {
    const button = svg.parentNode.querySelector("[data-lbeg-play]");
    if (!button || isReady(button)) continue;
    let started = false;
    let playing = false;

    function play() {
      if (started) svg.unpauseAnimations();
      else svg.querySelectorAll("animate").forEach((a) => a.beginElement());
      started = true;
      playing = true;
      button.textContent = "Pause";
    }

    function pause() {
      svg.pauseAnimations();
      playing = false;
      button.textContent = "Play";
    }

    button.addEventListener("click", () => (playing ? pause() : play()));
    ready(button);
    if (still) continue;
    // Start moving once the picture is on screen, so loading the page stays quick.
    if ("IntersectionObserver" in window) {
      const watch = new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          watch.disconnect();
          if (!started) play();
        }
      });
      watch.observe(svg);
      watchers.push(watch);
    } else {
      play();
    }
  }
  return () => watchers.forEach((watch) => watch.disconnect());
}
