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
      if (still) return;
      // Start moving once the picture is on screen, so loading the page stays quick.
      if ("IntersectionObserver" in window) {
        var watch = new IntersectionObserver(function (entries) {
          if (entries.some(function (e) { return e.isIntersecting; })) {
            watch.disconnect();
            if (!started) play();
          }
        });
        watch.observe(svg);
      } else {
        play();
      }
    });
  }

  // Copy the link, open the device's share sheet, or print the card.
  function setUpShare() {
    var box = document.querySelector("#share");
    if (!box || box.dataset.ready) return;
    box.dataset.ready = "1";
    var field = box.querySelector("[data-lbeg-link]");
    var status = box.querySelector("[data-lbeg-status]");
    var copy = box.querySelector("[data-lbeg-copy]");
    var share = box.querySelector("[data-lbeg-share]");
    var print = box.querySelector("[data-lbeg-print]");

    function say(text) { status.textContent = text; }

    copy.hidden = false;
    copy.addEventListener("click", function () {
      function fallback() {
        field.select();
        say(document.execCommand && document.execCommand("copy") ? "Link copied." : "Select the link and copy it.");
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(function () { say("Link copied."); }, fallback);
      } else {
        fallback();
      }
    });
    if (navigator.share) {
      share.hidden = false;
      share.addEventListener("click", function () {
        navigator.share({ title: document.title, url: field.value }).catch(function () {});
      });
    }
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }

  // The print deck: choose cards, or a routine's cards, then print.
  function setUpDeck() {
    var form = document.querySelector("[data-lbeg-deck]");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=exercise]"));
    var count = form.querySelector("[data-lbeg-deck-count]");
    var routine = form.querySelector("[data-lbeg-routine]");

    function apply() {
      var chosen = {};
      boxes.forEach(function (box) { if (box.checked) chosen[box.value] = true; });
      var last = null;
      document.querySelectorAll(".lbeg-print .lbeg-card").forEach(function (card) {
        card.classList.toggle("lbeg-card--skip", !chosen[card.dataset.slug]);
        card.classList.remove("lbeg-card--last");
        if (chosen[card.dataset.slug]) last = card;
      });
      if (last) last.classList.add("lbeg-card--last");
      var n = Object.keys(chosen).length;
      count.textContent = n === 1 ? "1 card chosen." : n + " cards chosen.";
    }

    function choose(test) {
      boxes.forEach(function (box) { box.checked = test(box.value); });
      apply();
    }

    form.hidden = false;
    var nojs = document.querySelector("[data-lbeg-nojs]");
    if (nojs) nojs.hidden = true;
    form.addEventListener("change", function (event) {
      if (event.target === routine) {
        var slugs = routine.value.split(" ");
        if (routine.value) choose(function (slug) { return slugs.indexOf(slug) !== -1; });
      } else {
        apply();
      }
    });
    form.querySelector("[data-lbeg-all]").addEventListener("click", function () { choose(function () { return true; }); });
    form.querySelector("[data-lbeg-none]").addEventListener("click", function () { choose(function () { return false; }); });
    form.querySelector("[data-lbeg-print-deck]").addEventListener("click", function () { window.print(); });
    apply();
  }

  // The timer, the builder and the patient's view need more code; only their pages load it.
  function loadScripts(names) {
    var config = document.getElementById("__config");
    var base = new URL((config ? JSON.parse(config.textContent).base : ".").replace(/\/?$/, "/"), window.location.href);
    return names.reduce(function (ready, name) {
      return ready.then(function () {
        var src = new URL("assets/" + name, base).href;
        if (document.querySelector('script[src="' + src + '"]')) return null;
        return new Promise(function (resolve, reject) {
          var script = document.createElement("script");
          script.src = src;
          script.onload = resolve;
          script.onerror = reject;
          document.head.appendChild(script);
        });
      });
    }, Promise.resolve());
  }

  function setUpProgrammes() {
    var names = [];
    if (document.querySelector("[data-lbeg-timer]")) names.push("lbeg-timer.js");
    if (document.querySelector("[data-lbeg-builder], [data-lbeg-programme]")) names.push("lbeg-programme.js", "lbeg-builder.js");
    if (!names.length) return;
    loadScripts(names).then(function () {
      if (window.LBEG && window.LBEG.builder) window.LBEG.builder.start();
    }, function () {
      // Without its script the page cannot work: show the note that says so.
      document.documentElement.classList.remove("lbeg-js");
    });
  }

  function start() {
    labelSearch();
    setUpProgrammes();
    setUpFilter();
    setUpPictures();
    setUpShare();
    setUpDeck();
  }

  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
