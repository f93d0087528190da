/* Lower Back Exercise Guide: small enhancements. The pages work without them. */
(function () {
  "use strict";

  // Give the search dialog an accessible name.
  function labelSearch() {
    var dialog = document.querySelector(".md-search[role=dialog]");
    if (dialog && !dialog.hasAttribute("aria-label")) {
      dialog.setAttribute("aria-label", "Search this guide");
    }
  }

  // Filter the exercise index by the values chosen in its form.
  function setUpFilter() {
    var index = document.querySelector("[data-lbeg-index]");
    if (!index || index.dataset.ready) return;
    index.dataset.ready = "1";
    var form = index.querySelector("[data-lbeg-filter]");
    var tiles = Array.prototype.slice.call(index.querySelectorAll(".lbeg-tile"));
    var count = index.querySelector("[data-lbeg-count]");
    var none = index.querySelector("[data-lbeg-none]");
    var lists = { equipment: true, muscles: true };

    function matches(tile, name, value) {
      if (!value) return true;
      if (name === "text") return tile.dataset.text.indexOf(value.trim().toLowerCase()) !== -1;
      var have = tile.dataset[name] || "";
      return lists[name] ? have.split(" ").indexOf(value) !== -1 : have === value;
    }

    function apply() {
      var shown = 0;
      tiles.forEach(function (tile) {
        var ok = Array.prototype.every.call(form.elements, function (field) {
          return !field.name || matches(tile, field.name, field.value);
        });
        tile.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = shown === tiles.length
        ? "Showing all " + tiles.length + " exercises."
        : "Showing " + shown + " of " + tiles.length + " exercises.";
      none.hidden = shown !== 0;
    }

    form.hidden = false;
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    apply();
  }

  // Moving pictures wait for this script, and never start by themselves
  // when the reader has asked for less motion.
  function setUpPictures() {
    var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    document.querySelectorAll("[data-lbeg-moving]").forEach(function (svg) {
      var button = svg.parentNode.querySelector("[data-lbeg-play]");
      if (!button || button.dataset.ready) return;
      button.dataset.ready = "1";
      var started = false;
      var playing = false;

      function play() {
        if (!started) {
          svg.querySelectorAll("animate").forEach(function (a) { a.beginElement(); });
          started = true;
        } else {
          svg.unpauseAnimations();
        }
        playing = true;
        button.textContent = "Pause";
      }

      function pause() {
        svg.pauseAnimations();
        playing = false;
        button.textContent = "Play";
      }

      button.hidden = false;
      button.addEventListener("click", function () { if (playing) pause(); else play(); });
      if (!still) play();
    });
  }

  function start() {
    labelSearch();
    setUpFilter();
    setUpPictures();
  }

  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
