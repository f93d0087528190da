/* The patient's progress log: each day's sessions done, pain score and how hard
   it felt, kept only on this device (localStorage), one log per programme.
   No DOM: Node tests it (tests/js/), with a stand-in for the store.

   What is stored can be damaged, edited by hand or written by another script,
   and the store can be full or switched off. So reading checks every value and
   keeps only what is sound, and every answer carries a plain message when
   something went wrong. Nothing read from the store is put into a page as HTML. */

export const KEEP_DAYS = 120;
export const CHART_DAYS = 42;
const MAX_STORED = 64 * 1024;
const DAY = /^(\d{4})-(\d\d)-(\d\d)$/;
const own = (object, key) => Object.prototype.hasOwnProperty.call(object, key);

const UNREADABLE = "Your saved progress on this device could not be read, so a new record starts today.";
const PART_LEFT_OUT = "Some of your saved progress could not be read, so it is left out.";
const FULL = "This device's storage is full, so this was not saved. Free some space, or clear old data, then try again.";
const NO_STORE = "This browser is not letting the guide save anything, so your progress will not be kept.";

// A short, stable name for a programme link (53-bit hash, as base 36).
export function hashText(text) {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

// The store's key for a programme: one log per programme link.
export function logKey(fragment) {
  return "lbeg-log:" + hashText(String(fragment).replace(/^#/, ""));
}

// A day as 2026-11-29, in the reader's own time zone.
export function isoDay(date) {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
}

export function dayBefore(day, back) {
  const [y, m, d] = day.split("-").map(Number);
  return isoDay(new Date(y, m - 1, d - back));
}

function isDay(text) {
  const match = DAY.exec(text);
  if (!match) return false;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return isoDay(date) === text;
}

function score(value) {
  return Number.isInteger(value) && value >= 0 && value <= 10 ? value : null;
}

export function emptyLog() {
  return { usual: null, days: {} };
}

/* One day's entry, or null if nothing in it is sound. The most sessions a day and
   the words for how hard it felt are the catalogue's rules (lbeg/views.py). */
function readDay(entry, rules) {
  if (!entry || typeof entry !== "object" || Array.isArray(entry)) return null;
  const most = rules.limits.day[1];
  const day = {
    done: Number.isInteger(entry.done) && entry.done >= 0 && entry.done <= most ? entry.done : 0,
    pain: score(entry.pain),
    usual: score(entry.usual),
    effort: typeof entry.effort === "string" && own(rules.efforts, entry.effort) ? entry.effort : null,
  };
  const sound = (key) => !own(entry, key) || entry[key] === day[key] || (key !== "done" && entry[key] === null);
  return ["done", "pain", "usual", "effort"].every(sound) ? day : null;
}

// The log for `key`, read with the catalogue's `rules`: {log, message}. The message is "" when all went well.
export function readLog(store, key, rules) {
  if (!store) return { log: emptyLog(), message: NO_STORE };
  let text;
  try {
    text = store.getItem(key);
  } catch (error) {
    return { log: emptyLog(), message: NO_STORE };
  }
  if (text === null) return { log: emptyLog(), message: "" };
  let data;
  try {
    if (text.length > MAX_STORED) throw new Error("too long");
    data = JSON.parse(text);
  } catch (error) {
    return { log: emptyLog(), message: UNREADABLE };
  }
  if (!data || typeof data !== "object" || data.v !== 1 || !data.days || typeof data.days !== "object" || Array.isArray(data.days)) {
    return { log: emptyLog(), message: UNREADABLE };
  }
  const log = emptyLog();
  let lost = 0;
  if (own(data, "usual")) {
    log.usual = score(data.usual);
    if (log.usual === null && data.usual !== null) lost += 1;
  }
  for (const [day, entry] of Object.entries(data.days)) {
    const read = isDay(day) ? readDay(entry, rules) : null;
    if (read) log.days[day] = read;
    else lost += 1;
  }
  return { log, message: lost ? PART_LEFT_OUT : "" };
}

// Save the log, keeping the last KEEP_DAYS days: {ok, message}.
export function writeLog(store, key, log, today) {
  if (!store) return { ok: false, message: NO_STORE };
  const oldest = dayBefore(today, KEEP_DAYS - 1);
  const days = {};
  for (const day of Object.keys(log.days).sort()) {
    if (day >= oldest) days[day] = log.days[day];
  }
  log.days = days;
  try {
    store.setItem(key, JSON.stringify({ v: 1, usual: log.usual, days }));
    return { ok: true, message: "" };
  } catch (error) {
    const full = error && (error.name === "QuotaExceededError" || error.code === 22 || error.code === 1014);
    return { ok: false, message: full ? FULL : NO_STORE };
  }
}

export function clearLog(store, key) {
  try {
    store.removeItem(key);
    return { ok: true, message: "" };
  } catch (error) {
    return { ok: false, message: NO_STORE };
  }
}

export function dayEntry(log, day) {
  if (!own(log.days, day)) log.days[day] = { done: 0, pain: null, usual: null, effort: null };
  return log.days[day];
}

// Sessions planned in a day: the most times a day any exercise asks for (at least 1).
export function sessionsPerDay(programme) {
  return Math.max(1, ...programme.items.map((item) => item.dose.day || 0));
}

// The traffic light for a pain score against the usual score. `lights` come from
// the guide's pain rule, in order, each with the highest rise it allows (the last none).
export function lightFor(pain, usual, lights) {
  if (pain === null || usual === null || !lights.length) return null;
  const rise = pain - usual;
  return lights.find((light) => light.upTo === null || rise <= light.upTo) || lights[lights.length - 1];
}

// The last `count` days up to today, oldest first, each with its entry (or null).
export function lastDays(log, today, count = CHART_DAYS) {
  const out = [];
  for (let back = count - 1; back >= 0; back -= 1) {
    const day = dayBefore(today, back);
    out.push({ day, entry: own(log.days, day) ? log.days[day] : null });
  }
  return out;
}

// Seven-day blocks ending today, oldest first: sessions done and pain scores.
export function weeks(log, today, planned, count = CHART_DAYS / 7) {
  const days = lastDays(log, today, count * 7);
  const out = [];
  for (let w = 0; w < count; w += 1) {
    const block = days.slice(w * 7, w * 7 + 7);
    const pains = block.map((d) => d.entry && d.entry.pain).filter((p) => p !== null && p !== undefined);
    out.push({
      from: block[0].day,
      to: block[6].day,
      done: block.reduce((sum, d) => sum + (d.entry ? d.entry.done : 0), 0),
      planned: planned * 7,
      pains,
    });
  }
  return out;
}

// A cell that is not a plain number and starts as a formula would is kept as text (a leading ').
function csvField(value) {
  let text = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+$/.test(text)) text = "'" + text;
  return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}

/* The log as CSV, one row a recorded day. Every value read from the store is a number,
   a date or a word from a fixed list; `efforts` words how hard a day felt (rules.efforts).
   Whatever the log holds, no cell can be read as a spreadsheet formula. */
export function toCsv(log, planned, lights, efforts) {
  const rows = [[
    "Date", "Sessions done", "Sessions planned", "Pain (0 to 10)", "Usual pain (0 to 10)", "Rise above usual",
    "Traffic light", "How hard it felt",
  ]];
  for (const day of Object.keys(log.days).sort()) {
    const e = log.days[day];
    const usual = e.usual !== null ? e.usual : log.usual;
    const light = lightFor(e.pain, usual, lights);
    rows.push([
      day, e.done, planned, e.pain, usual, e.pain !== null && usual !== null ? e.pain - usual : null,
      light ? light.name : null, e.effort ? efforts[e.effort] : null,
    ]);
  }
  return rows.map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}
