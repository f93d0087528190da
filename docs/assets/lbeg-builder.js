/* Lower Back Exercise Guide: the programme builder, the patient's view of a
   programme, and its printed handout. The programme lives in the link only;
   text from a link is only ever set with textContent, never as HTML. */
(function () {
  "use strict";

  var codec = function () { return window.LBEG.programme; };
  var WARN_AFTER = 8;
  var DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

  function $(root, selector) { return root.querySelector(selector); }
  function $$(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }

  function make(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function siteRoot() {
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  }

  function pageUrl(path, fragment) {
    var url = new URL(path, siteRoot());
    url.hash = fragment || "";
    return url.href;
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function times(n) { return n === 1 ? "Once" : n + " times"; }

  // A count of repetitions, with both numbers where sides take turns or each get their own.
  function count(reps, side) {
    if (side === "each") return times(reps) + " on each side (" + reps * 2 + " in all)";
    if (side === "alternate") return times(Math.floor(reps / 2)) + " to each side (" + reps + " in all)";
    return times(reps);
  }

  // The prescribed dose, in words, as the exercise pages put it (lbeg/views.py, dosage_rows).
  function doseLines(dose) {
    var lines = [];
    if (dose.minutes) lines.push(["Time", plural(dose.minutes, "minute")]);
    if (dose.hold) lines.push(["Hold", plural(dose.hold, "second")]);
    else if (dose.breaths) lines.push(["Hold", plural(dose.breaths, "slow breath")]);
    if (dose.reps) {
      var reps = count(dose.reps, dose.side);
      if (dose.side === "each") reps += ". Do all of one side, then the other";
      if (dose.side === "alternate") reps += ", swapping sides each time";
      lines.push(["Repeat", reps]);
    }
    if (dose.sets > 1) lines.push(["Sets", plural(dose.sets, "set") + ", with a short rest between"]);
    var often = [];
    if (dose.day) often.push(dose.day === 1 ? "Once a day" : dose.day === 2 ? "Twice a day" : dose.day + " sessions a day");
    if (dose.week) often.push(dose.week === 7 ? "every day" : plural(dose.week, "day") + " a week");
    var text = often.join(", ");
    lines.push(["How often", text.charAt(0).toUpperCase() + text.slice(1)]);
    return lines;
  }

  // "Take care if you have ..." for an exercise with condition cautions, or "" for none.
  function careText(exercise) {
    if (!exercise.care || !exercise.care.length) return "";
    return "Take care if the person has: " + exercise.care.map(function (c) { return c.name.toLowerCase(); }).join("; ") + ". See the exercise page.";
  }

  function careList(exercise) {
    var box = make("div", "lbeg-care lbeg-programme__care");
    box.appendChild(make("p", "", "If you have one of these:"));
    var ul = make("ul");
    exercise.care.forEach(function (c) {
      var li = make("li");
      li.appendChild(make("strong", "", c.name + ". "));
      li.appendChild(document.createTextNode(c.advice));
      ul.appendChild(li);
    });
    box.appendChild(ul);
    return box;
  }

  function doseList(dose) {
    var dl = make("dl", "lbeg-dose__grid");
    doseLines(dose).forEach(function (row) {
      var div = make("div");
      div.appendChild(make("dt", "", row[0]));
      div.appendChild(make("dd", "", row[1]));
      dl.appendChild(div);
    });
    return dl;
  }

  // A copy of an exercise's drawing, with ids of its own.
  var copies = 0;
  function drawing(root, slug) {
    var template = $(root, 'template[data-lbeg-figure="' + slug + '"]');
    var svg = template.content.firstElementChild.cloneNode(true);
    copies += 1;
    var title = $(svg, "title");
    var desc = $(svg, "desc");
    title.id = "lbeg-copy-" + copies + "-t";
    desc.id = "lbeg-copy-" + copies + "-d";
    svg.setAttribute("aria-labelledby", title.id + " " + desc.id);
    return svg;
  }

  // QR codes are drawn in the browser by qrcode-generator (vendored, MIT),
  // loaded only on the pages that need one.
  var qrLoading = null;
  function loadQr() {
    if (window.qrcode) return Promise.resolve(window.qrcode);
    if (!qrLoading) {
      qrLoading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = new URL("assets/vendor/qrcode-generator.js", siteRoot()).href;
        script.onload = function () { resolve(window.qrcode); };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return qrLoading;
  }

  // Each drawing or clearing of a box outdates any drawing still waiting for the library.
  function nextTurn(box) {
    box.lbegQr = (box.lbegQr || 0) + 1;
    return box.lbegQr;
  }

  function clearQr(box) {
    nextTurn(box);
    box.replaceChildren();
  }

  function drawQr(box, text, label) {
    var turn = nextTurn(box);
    return loadQr().then(function (qrcode) {
      if (box.lbegQr !== turn) return;
      var qr = qrcode(0, "M");
      qr.addData(text);
      qr.make();
      var n = qr.getModuleCount();
      var ns = "http://www.w3.org/2000/svg";
      var svg = document.createElementNS(ns, "svg");
      svg.setAttribute("viewBox", "0 0 " + (n + 4) + " " + (n + 4));
      svg.setAttribute("class", "lbeg-qr");
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", label);
      var d = "";
      for (var r = 0; r < n; r += 1) {
        for (var c = 0; c < n; c += 1) {
          if (qr.isDark(r, c)) d += "M" + (c + 2) + " " + (r + 2) + "h1v1h-1z";
        }
      }
      var back = document.createElementNS(ns, "rect");
      back.setAttribute("width", n + 4);
      back.setAttribute("height", n + 4);
      back.setAttribute("fill", "#fff");
      var path = document.createElementNS(ns, "path");
      path.setAttribute("d", d);
      path.setAttribute("fill", "#000");
      svg.appendChild(back);
      svg.appendChild(path);
      box.replaceChildren(svg);
    }).catch(function () {
      if (box.lbegQr === turn) box.replaceChildren(make("p", "", "The QR code could not be drawn. The link above still works."));
    });
  }

  // The printed handout, filled in with text only.
  function fillHandout(root, catalogue, programme, link) {
    var sheet = document.querySelector("[data-lbeg-handout]");
    if (!sheet) return;
    $(sheet, "[data-lbeg-h-title]").textContent = programme.title || "Your exercise programme";
    $(sheet, "[data-lbeg-h-note]").textContent = programme.note;
    $(sheet, "[data-lbeg-h-date]").textContent = "Made " + new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
    var list = $(sheet, "[data-lbeg-h-list]");
    list.replaceChildren();
    programme.items.forEach(function (item, i) {
      var exercise = catalogue.exercises[item.slug];
      var li = make("li", "lbeg-sheet__item");
      var pic = make("div", "lbeg-sheet__pic");
      pic.appendChild(drawing(root, item.slug));
      li.appendChild(pic);
      var text = make("div");
      text.appendChild(make("h3", "", (i + 1) + ". " + exercise.name));
      text.appendChild(make("p", "", doseLines(item.dose).map(function (row) { return row[0] + ": " + row[1]; }).join(" \u00b7 ")));
      if (exercise.care.length) text.appendChild(make("p", "", "Take care if you have: " + exercise.care.map(function (c) { return c.name.toLowerCase(); }).join("; ") + "."));
      if (item.note) text.appendChild(make("p", "", item.note));
      text.appendChild(make("p", "", pageUrl(exercise.url).replace(/^https?:\/\//, "").replace(/\/$/, "")));
      li.appendChild(text);
      list.appendChild(li);
    });
    drawQr($(sheet, "[data-lbeg-h-qr]"), link, "QR code for this programme");
  }

  // -------------------------------------------------------------------------
  // The builder
  // -------------------------------------------------------------------------

  function setUpBuilder() {
    var root = document.querySelector("[data-lbeg-builder]");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "1";
    var catalogue = JSON.parse($(root, "[data-lbeg-catalogue]").textContent);
    var ui = $(root, "[data-lbeg-ui]");
    var items = $(root, "[data-lbeg-items]");
    var titleBox = $(root, "[data-lbeg-title]");
    var noteBox = $(root, "[data-lbeg-note]");
    var linkBox = $(root, "[data-lbeg-link]");
    var status = $(root, "[data-lbeg-status]");
    var warn = $(root, "[data-lbeg-warn]");
    var programme = { title: "", note: "", items: [] };
    var counter = 0;

    function read() {
      programme.title = titleBox.value;
      programme.note = noteBox.value;
      programme.items = $$(items, "li").map(function (li) {
        function num(field) {
          var value = parseInt($(li, '[data-field="' + field + '"]').value, 10);
          return value > 0 ? value : 0;
        }
        var base = catalogue.exercises[li.dataset.slug].dose;
        var dose = {
          hold: num("hold"), breaths: base.breaths && !num("hold") ? base.breaths : 0, reps: num("reps"),
          sets: num("sets"), minutes: base.minutes && !num("reps") ? base.minutes : 0,
          side: $(li, '[data-field="side"]').value, day: num("day"), week: num("week")
        };
        return { slug: li.dataset.slug, dose: dose, note: $(li, '[data-field="note"]').value.trim() };
      });
    }

    function update() {
      read();
      var fragment = codec().encode(programme);
      var check = codec().decode(fragment, catalogue);
      var link = pageUrl("programme/", fragment);
      $(root, "[data-lbeg-empty]").hidden = programme.items.length > 0;
      warn.textContent = programme.items.length > WARN_AFTER
        ? "That is " + programme.items.length + " exercises. People are more likely to keep going with a few, so think about taking some out."
        : "";
      history.replaceState(null, "", "#" + fragment);
      var open = $(root, "[data-lbeg-open]");
      var problem = !programme.items.length ? "Add an exercise to make a link."
        : !check.ok ? check.message.replace(/ Ask the person.*$/, "") : "";
      // With no valid link, nothing may still show or open the last one.
      open.hidden = Boolean(problem);
      if (problem) {
        linkBox.value = "";
        status.textContent = problem;
        clearQr($(root, "[data-lbeg-qr]"));
        return;
      }
      status.textContent = "";
      linkBox.value = link;
      open.href = link;
      drawQr($(root, "[data-lbeg-qr]"), link, "QR code for this programme");
      fillHandout(root, catalogue, programme, link);
    }

    function addItem(slug, dose, note) {
      if ($(items, 'li[data-slug="' + slug + '"]')) {
        status.textContent = catalogue.exercises[slug].name + " is already in the programme.";
        return false;
      }
      counter += 1;
      var li = $(root, "template[data-lbeg-item]").content.firstElementChild.cloneNode(true);
      li.dataset.slug = slug;
      $(li, "[data-lbeg-item-name]").textContent = catalogue.exercises[slug].name;
      var care = $(li, "[data-lbeg-item-care]");
      care.textContent = careText(catalogue.exercises[slug]);
      care.hidden = !care.textContent;
      $$(li, "label[data-for]").forEach(function (label) {
        var id = "lbeg-i" + counter + "-" + label.dataset.for;
        label.htmlFor = id;
        $(li, '[data-field="' + label.dataset.for + '"]').id = id;
      });
      $(li, '[data-field="hold"]').value = dose.hold || "";
      $(li, '[data-field="reps"]').value = dose.reps || "";
      $(li, '[data-field="sets"]').value = dose.sets || 1;
      $(li, '[data-field="side"]').value = dose.side || "";
      $(li, '[data-field="day"]').value = dose.day || "";
      $(li, '[data-field="week"]').value = dose.week || "";
      $(li, '[data-field="note"]').value = note || "";
      $(li, '[data-field="hold"]').closest("p").hidden = !dose.hold && !!dose.minutes;
      $$(li, "[data-lbeg-up], [data-lbeg-down], [data-lbeg-remove]").forEach(function (button) {
        button.setAttribute("aria-label", button.textContent + ": " + catalogue.exercises[slug].name);
      });
      items.appendChild(li);
      return true;
    }

    items.addEventListener("click", function (event) {
      var li = event.target.closest("li");
      if (!li) return;
      if (event.target.matches("[data-lbeg-up]") && li.previousElementSibling) items.insertBefore(li, li.previousElementSibling);
      else if (event.target.matches("[data-lbeg-down]") && li.nextElementSibling) items.insertBefore(li.nextElementSibling, li);
      else if (event.target.matches("[data-lbeg-remove]")) li.remove();
      else return;
      update();
    });
    items.addEventListener("input", update);
    items.addEventListener("change", update);
    titleBox.addEventListener("input", update);
    noteBox.addEventListener("input", update);
    $(root, "[data-lbeg-choices]").addEventListener("click", function (event) {
      if (!event.target.matches("[data-lbeg-add]")) return;
      var slug = event.target.closest("li").dataset.slug;
      if (!addItem(slug, catalogue.exercises[slug].dose, "")) return;
      update();
      var care = careText(catalogue.exercises[slug]);
      status.textContent = catalogue.exercises[slug].name + " added." + (care ? " " + care : "");
    });
    function narrow() {
      var words = $(root, "[data-lbeg-search]").value.trim().toLowerCase();
      var level = $(root, "[data-lbeg-level]").value;
      $$(root, "[data-lbeg-choices] li").forEach(function (li) {
        li.hidden = Boolean((words && li.dataset.words.indexOf(words) === -1) || (level && li.dataset.level !== level));
      });
    }
    $(root, "[data-lbeg-search]").addEventListener("input", narrow);
    $(root, "[data-lbeg-level]").addEventListener("change", narrow);
    $(root, "[data-lbeg-copy]").addEventListener("click", function () {
      if (!linkBox.value) return;
      function copied() { status.textContent = "Link copied."; }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(linkBox.value).then(copied, function () { linkBox.select(); });
      } else {
        linkBox.select();
        if (document.execCommand && document.execCommand("copy")) copied();
      }
    });
    $(root, "[data-lbeg-print]").addEventListener("click", function () { window.print(); });

    // A builder link opens the programme it holds, so it can be changed.
    var start = window.location.hash.slice(1);
    var found = start ? codec().decode(start, catalogue) : { ok: true, programme: { title: "", note: "", items: [] } };
    if (found.ok) {
      titleBox.value = found.programme.title;
      noteBox.value = found.programme.note;
      found.programme.items.forEach(function (item) { addItem(item.slug, item.dose, item.note); });
    }
    $(root, "[data-lbeg-nojs]").hidden = true;
    ui.hidden = false;
    update();
    if (!found.ok) status.textContent = found.message;
  }

  // -------------------------------------------------------------------------
  // The patient's view
  // -------------------------------------------------------------------------

  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }

  function readDays(key) {
    try {
      var days = JSON.parse(window.localStorage.getItem(key) || "[]");
      return Array.isArray(days) ? days.filter(function (d) { return /^\d{4}-\d\d-\d\d$/.test(d); }) : [];
    } catch (error) {
      return [];
    }
  }

  function setUpProgramme() {
    var root = document.querySelector("[data-lbeg-programme]");
    if (!root || root.dataset.ready === window.location.hash) return;
    root.dataset.ready = window.location.hash;
    var catalogue = JSON.parse($(root, "[data-lbeg-catalogue]").textContent);
    var error = $(root, "[data-lbeg-error]");
    var view = $(root, "[data-lbeg-view]");
    $(root, "[data-lbeg-nojs]").hidden = true;
    var found = codec().decode(window.location.hash, catalogue);
    if (!found.ok) {
      view.hidden = true;
      error.hidden = false;
      error.replaceChildren(make("p", "", found.message), make("p", "", "You can still use every exercise in the guide."));
      var more = make("a", "", "See all exercises");
      more.href = pageUrl("exercises/");
      error.appendChild(more);
      return;
    }
    var programme = found.programme;
    error.hidden = true;
    view.hidden = false;
    $(root, "[data-lbeg-title]").textContent = programme.title || "Your exercise programme";
    $(root, "[data-lbeg-note]").textContent = programme.note;
    var list = $(root, "[data-lbeg-list]");
    list.replaceChildren();
    var timerBox = document.querySelector("[data-lbeg-timer]");
    programme.items.forEach(function (item) {
      var exercise = catalogue.exercises[item.slug];
      var li = make("li", "lbeg-programme__item");
      var heading = make("h3");
      var link = make("a", "", exercise.name);
      link.href = pageUrl(exercise.url);
      heading.appendChild(link);
      li.appendChild(heading);
      li.appendChild(drawing(root, item.slug));
      li.appendChild(doseList(item.dose));
      if (exercise.oneTime) li.appendChild(make("p", "lbeg-programme__one", exercise.oneTime));
      if (exercise.care.length) li.appendChild(careList(exercise));
      if (item.note) li.appendChild(make("p", "lbeg-programme__item-note", item.note));
      var start = make("button", "lbeg-button lbeg-button--main", "Start the timer");
      start.type = "button";
      start.setAttribute("aria-label", "Start the timer for " + exercise.name);
      start.addEventListener("click", function () {
        timerBox.hidden = false;
        $(timerBox, "[data-lbeg-timer-title]").textContent = "Timer: " + exercise.name;
        timerBox.lbegTimer.load(item.dose, exercise.name);
        timerBox.scrollIntoView({ block: "start" });
        $(timerBox, "[data-lbeg-go]").focus();
      });
      li.appendChild(start);
      list.appendChild(li);
    });

    // Days done, kept only in this browser.
    var key = "lbeg-done:" + window.location.hash.slice(1, 400);
    var button = $(root, "[data-lbeg-done]");
    function showWeek() {
      var days = readDays(key);
      var done = days.indexOf(today()) !== -1;
      button.textContent = done ? "Done today \u2713 (press to undo)" : "Mark done today";
      button.setAttribute("aria-pressed", done ? "true" : "false");
      var week = $(root, "[data-lbeg-week]");
      week.replaceChildren();
      for (var back = 6; back >= 0; back -= 1) {
        var d = new Date();
        d.setDate(d.getDate() - back);
        var iso = d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
        var did = days.indexOf(iso) !== -1;
        var li = make("li", did ? "lbeg-week__day lbeg-week__day--done" : "lbeg-week__day");
        li.appendChild(make("span", "lbeg-week__name", back === 0 ? "Today" : DAYS[d.getDay()]));
        li.appendChild(make("span", "lbeg-week__mark", did ? "\u2713" : "\u2013"));
        li.setAttribute("aria-label", (back === 0 ? "Today" : DAYS[d.getDay()]) + (did ? ": done" : ": not done"));
        week.appendChild(li);
      }
    }
    button.onclick = function () {
      var days = readDays(key);
      var i = days.indexOf(today());
      if (i === -1) days.push(today());
      else days.splice(i, 1);
      try {
        window.localStorage.setItem(key, JSON.stringify(days.slice(-60)));
      } catch (error) {
        button.textContent = "This browser will not save it";
      }
      showWeek();
    };
    showWeek();
    $(root, "[data-lbeg-print]").onclick = function () { window.print(); };
    fillHandout(root, catalogue, programme, window.location.href);
  }

  function start() {
    if (!window.LBEG || !window.LBEG.programme) return;
    setUpBuilder();
    setUpProgramme();
  }

  // lbeg.js loads this file on the pages that need it, and calls start()
  // after each page change.
  window.addEventListener("hashchange", setUpProgramme);
  window.LBEG = window.LBEG || {};
  window.LBEG.builder = { start: start };
})();
