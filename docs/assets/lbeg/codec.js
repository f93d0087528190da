/* A home exercise programme, written into and read from a link's fragment (the
   part after #), so it never reaches a server. This module has no DOM: Node
   tests it directly (tests/js/).

   Version 1, for example:
     #1~Back+exercises+for+Sam~Twice+a+day+is+fine~bird-dog.h5r5s1ed1~glute-bridge.b3r10d1.Go+slowly

   - fields are separated by "~": the version, the title, the note, then one
     field per exercise;
   - an exercise is its slug, ".", its dose, and optionally "." and a note;
   - a dose is a run of tokens: h<seconds hold> b<breaths hold> r<repeats>
     s<sets> m<minutes> e (each side) a (swap sides each time) d<sessions a day>
     w<days a week> (either, or both);
   - text is percent-encoded, with "+" for a space.

   Anything can be typed into a link, so decode() checks everything and answers
   either {ok: true, programme} or {ok: false, message} in plain words. It never
   throws, and nothing it returns is meant to be put into a page as HTML.

   What a programme may hold (each dose's limits, the longest texts, the most
   exercises, the pattern of an exercise's id) is the schema's: the build writes
   it into the catalogue's `rules` (lbeg/views.py, link_rules), which decode()
   is given with the exercises. */

export const VERSION = 1;
export const MAX_LENGTH = 4000;
const TOKENS = { h: "hold", b: "breaths", r: "reps", s: "sets", m: "minutes", d: "day", w: "week" };
const FIELDS = { hold: "h", breaths: "b", reps: "r", sets: "s", minutes: "m", day: "d", week: "w" };
const ASK = " Ask the person who gave it to you for a new link.";
const GARBLED = "This programme link is not complete, or it has been changed." + ASK;
const own = (table, key) => Object.prototype.hasOwnProperty.call(table, key);

function encodeText(text) {
  return encodeURIComponent(text)
    .replace(/[~.!*'()_]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%20/g, "+");
}

function decodeText(text) {
  return decodeURIComponent(text.replace(/\+/g, "%20"));
}

// A programme: {title, note, items: [{slug, dose: {...}, note}]} -> fragment text.
export function encode(programme) {
  const fields = [String(VERSION), encodeText(programme.title || ""), encodeText(programme.note || "")];
  for (const item of programme.items) {
    let dose = "";
    for (const key of ["hold", "breaths", "reps", "sets", "minutes"]) {
      if (item.dose[key]) dose += FIELDS[key] + item.dose[key];
    }
    if (item.dose.side === "each") dose += "e";
    if (item.dose.side === "alternate") dose += "a";
    if (item.dose.day) dose += "d" + item.dose.day;
    if (item.dose.week) dose += "w" + item.dose.week;
    fields.push(item.slug + "." + dose + (item.note ? "." + encodeText(item.note) : ""));
  }
  return fields.join("~");
}

function fail(message) {
  return { ok: false, message };
}

// One exercise's dose tokens -> a dose, "garbled", or a message in plain words.
function readDose(text, name, limits) {
  const dose = { hold: 0, breaths: 0, reps: 0, sets: 0, minutes: 0, day: 0, week: 0, side: "" };
  const pattern = /([hbrsmdw])(\d{1,4})|([ea])/g;
  let used = 0;
  let match;
  while ((match = pattern.exec(text)) !== null) {
    if (match.index !== used) return "garbled";
    used = pattern.lastIndex;
    if (match[3]) {
      if (dose.side) return "The sides for " + name + " are given twice.";
      dose.side = match[3] === "e" ? "each" : "alternate";
      continue;
    }
    const key = TOKENS[match[1]];
    const [low, high, what] = limits[key];
    if (dose[key]) return "The " + what + " for " + name + " is given twice.";
    const value = parseInt(match[2], 10);
    if (value < low || value > high) {
      return "The " + what + " for " + name + " must be from " + low + " to " + high + ", not " + value + ".";
    }
    dose[key] = value;
  }
  if (used !== text.length) return "garbled";
  if (!dose.reps && !dose.minutes) return "The amount to do for " + name + " is missing.";
  if (!dose.day && !dose.week) return "How often to do " + name + " is missing.";
  if (dose.hold && dose.breaths) return "The hold for " + name + " is given twice.";
  return dose;
}

// fragment text (with or without "#") and the catalogue -> {ok, programme} or {ok: false, message}
export function decode(fragment, catalogue) {
  try {
    return decodeChecked(String(fragment), catalogue);
  } catch (error) {
    return fail(GARBLED);
  }
}

function decodeChecked(fragment, catalogue) {
  const rules = catalogue.rules;
  if (fragment.charAt(0) === "#") fragment = fragment.slice(1);
  if (!fragment) return fail("This link has no programme in it." + ASK);
  if (fragment.length > MAX_LENGTH) return fail("This link is too long to be a programme." + ASK);
  const fields = fragment.split("~");
  if (!/^\d{1,3}$/.test(fields[0])) return fail(GARBLED);
  const version = parseInt(fields[0], 10);
  if (version > VERSION) {
    return fail("This programme was made with a newer version of the guide. Reload the page to get it, or ask for a new link.");
  }
  if (version !== VERSION || fields.length < 3) return fail(GARBLED);
  let title, note;
  try {
    title = decodeText(fields[1]);
    note = decodeText(fields[2]);
  } catch (error) {
    return fail(GARBLED);
  }
  if (title.length > rules.text.title || note.length > rules.text.note) {
    return fail("The title or note in this link is too long." + ASK);
  }
  const items = fields.slice(3);
  if (!items.length) return fail("This programme has no exercises in it." + ASK);
  if (items.length > rules.items) return fail("This programme has more than " + rules.items + " exercises, which is too many." + ASK);
  const slugPattern = new RegExp(rules.slug);
  const seen = new Set();
  const out = [];
  for (const item of items) {
    const parts = item.split(".");
    if (parts.length < 2 || parts.length > 3 || !slugPattern.test(parts[0])) return fail(GARBLED);
    let slug = parts[0];
    if (!own(catalogue.exercises, slug)) slug = own(catalogue.aliases, slug) ? catalogue.aliases[slug] : null;
    if (!slug) return fail("This programme lists an exercise the guide does not have: \u201c" + parts[0] + "\u201d." + ASK);
    if (seen.has(slug)) return fail("This programme lists " + catalogue.exercises[slug].name + " twice." + ASK);
    seen.add(slug);
    const dose = readDose(parts[1], catalogue.exercises[slug].name, rules.limits);
    if (dose === "garbled") return fail(GARBLED);
    if (typeof dose === "string") return fail(dose + ASK);
    let itemNote = "";
    if (parts.length === 3) {
      try {
        itemNote = decodeText(parts[2]);
      } catch (error) {
        return fail(GARBLED);
      }
      if (itemNote.length > rules.text.item) return fail("A note in this link is too long." + ASK);
    }
    out.push({ slug, dose, note: itemNote });
  }
  return { ok: true, programme: { title, note, items: out } };
}

// A builder's message without the advice meant for the person given the link.
export function forBuilder(message) {
  return message.replace(ASK, "");
}
