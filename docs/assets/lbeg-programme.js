/* Lower Back Exercise Guide: a home exercise programme, written into and read
   from a link's fragment (the part after #), so it never reaches a server.

   Version 1, for example:
     #1~Back+exercises+for+Sam~Twice+a+day+is+fine~bird-dog.h5r5s1ed1~glute-bridge.b3r10d1.Go+slowly

   - fields are separated by "~": the version, the title, the note, then one
     field per exercise;
   - an exercise is its slug, ".", its dose, and optionally "." and a note;
   - a dose is a run of tokens: h<seconds hold> b<breaths hold> r<repeats>
     s<sets> m<minutes> e (each side) a (swap sides each time) d<sessions a day>
     w<days a week>;
   - text is percent-encoded, with "+" for a space.

   Anything can be typed into a link, so decode() checks everything and answers
   either {ok: true, programme} or {ok: false, message} in plain words. It never
   throws, and nothing it returns is meant to be put into a page as HTML. */
(function () {
  "use strict";

  var VERSION = 1;
  var MAX_LENGTH = 4000;
  var MAX_ITEMS = 20;
  var LIMITS = {
    hold: [1, 120, "hold"], breaths: [1, 10, "number of breaths"], reps: [1, 30, "number of repeats"],
    sets: [1, 5, "number of sets"], minutes: [1, 60, "number of minutes"], day: [1, 5, "sessions a day"],
    week: [1, 7, "days a week"]
  };
  var TOKENS = { h: "hold", b: "breaths", r: "reps", s: "sets", m: "minutes", d: "day", w: "week" };
  var FIELDS = { hold: "h", breaths: "b", reps: "r", sets: "s", minutes: "m", day: "d", week: "w" };
  var TEXT_LIMITS = { title: 80, note: 500, item: 120 };
  var ASK = " Ask the person who gave it to you for a new link.";

  function encodeText(text) {
    return encodeURIComponent(text).replace(/[~.!*'()_]/g, function (c) {
      return "%" + c.charCodeAt(0).toString(16).toUpperCase();
    }).replace(/%20/g, "+");
  }

  function decodeText(text) {
    return decodeURIComponent(text.replace(/\+/g, "%20"));
  }

  // A programme: {title, note, items: [{slug, dose: {...}, note}]} -> fragment text.
  function encode(programme) {
    var fields = [String(VERSION), encodeText(programme.title || ""), encodeText(programme.note || "")];
    programme.items.forEach(function (item) {
      var dose = "";
      ["hold", "breaths", "reps", "sets", "minutes"].forEach(function (key) {
        if (item.dose[key]) dose += FIELDS[key] + item.dose[key];
      });
      if (item.dose.side === "each") dose += "e";
      if (item.dose.side === "alternate") dose += "a";
      if (item.dose.day) dose += "d" + item.dose.day;
      if (item.dose.week) dose += "w" + item.dose.week;
      fields.push(item.slug + "." + dose + (item.note ? "." + encodeText(item.note) : ""));
    });
    return fields.join("~");
  }

  function fail(message) {
    return { ok: false, message: message };
  }

  function readDose(text, name) {
    var dose = { hold: 0, breaths: 0, reps: 0, sets: 0, minutes: 0, day: 0, week: 0, side: "" };
    var pattern = /([hbrsmdw])(\d{1,4})|([ea])/g;
    var used = 0;
    var match;
    while ((match = pattern.exec(text)) !== null) {
      if (match.index !== used) return "garbled";
      used = pattern.lastIndex;
      if (match[3]) {
        if (dose.side) return "The sides for " + name + " are given twice.";
        dose.side = match[3] === "e" ? "each" : "alternate";
        continue;
      }
      var key = TOKENS[match[1]];
      if (dose[key]) return "The " + LIMITS[key][2] + " for " + name + " is given twice.";
      var value = parseInt(match[2], 10);
      var limit = LIMITS[key];
      if (value < limit[0] || value > limit[1]) {
        return "The " + limit[2] + " for " + name + " must be from " + limit[0] + " to " + limit[1] + ", not " + value + ".";
      }
      dose[key] = value;
    }
    if (used !== text.length) return "garbled";
    if (!dose.reps && !dose.minutes) return "The amount to do for " + name + " is missing.";
    if (!dose.day && !dose.week) return "How often to do " + name + " is missing.";
    if (dose.hold && dose.breaths) return "The hold for " + name + " is given twice.";
    return dose;
  }

  // fragment text (without "#") and the catalogue -> {ok, programme} or {ok: false, message}
  function decode(fragment, catalogue) {
    try {
      return decodeChecked(String(fragment), catalogue);
    } catch (error) {
      return fail("This programme link is not complete, or it has been changed." + ASK);
    }
  }

  function decodeChecked(fragment, catalogue) {
    var garbled = fail("This programme link is not complete, or it has been changed." + ASK);
    if (fragment.charAt(0) === "#") fragment = fragment.slice(1);
    if (!fragment) return fail("This link has no programme in it." + ASK);
    if (fragment.length > MAX_LENGTH) return fail("This link is too long to be a programme." + ASK);
    var fields = fragment.split("~");
    if (!/^\d{1,3}$/.test(fields[0])) return garbled;
    var version = parseInt(fields[0], 10);
    if (version > VERSION) {
      return fail("This programme was made with a newer version of the guide. Reload the page to get it, or ask for a new link.");
    }
    if (version !== VERSION || fields.length < 3) return garbled;
    var title, note;
    try {
      title = decodeText(fields[1]);
      note = decodeText(fields[2]);
    } catch (error) {
      return garbled;
    }
    if (title.length > TEXT_LIMITS.title || note.length > TEXT_LIMITS.note) return fail("The title or note in this link is too long." + ASK);
    var items = fields.slice(3);
    if (!items.length) return fail("This programme has no exercises in it." + ASK);
    if (items.length > MAX_ITEMS) return fail("This programme has more than " + MAX_ITEMS + " exercises, which is too many." + ASK);
    var seen = {};
    var out = [];
    for (var i = 0; i < items.length; i += 1) {
      var parts = items[i].split(".");
      if (parts.length < 2 || parts.length > 3 || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(parts[0])) return garbled;
      var slug = parts[0];
      if (!Object.prototype.hasOwnProperty.call(catalogue.exercises, slug)) {
        slug = Object.prototype.hasOwnProperty.call(catalogue.aliases, slug) ? catalogue.aliases[slug] : null;
      }
      if (!slug) return fail("This programme lists an exercise the guide does not have: \u201c" + parts[0] + "\u201d." + ASK);
      if (seen[slug]) return fail("This programme lists " + catalogue.exercises[slug].name + " twice." + ASK);
      seen[slug] = true;
      var dose = readDose(parts[1], catalogue.exercises[slug].name);
      if (dose === "garbled") return garbled;
      if (typeof dose === "string") return fail(dose + ASK);
      var itemNote = "";
      if (parts.length === 3) {
        try {
          itemNote = decodeText(parts[2]);
        } catch (error) {
          return garbled;
        }
        if (itemNote.length > TEXT_LIMITS.item) return fail("A note in this link is too long." + ASK);
      }
      out.push({ slug: slug, dose: dose, note: itemNote });
    }
    return { ok: true, programme: { title: title, note: note, items: out } };
  }

  window.LBEG = window.LBEG || {};
  window.LBEG.programme = { VERSION: VERSION, LIMITS: LIMITS, encode: encode, decode: decode };
})();
