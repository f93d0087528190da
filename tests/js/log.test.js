// The progress log's store, run directly in Node with a stand-in for localStorage.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  KEEP_DAYS, clearLog, dayEntry, lightFor, logKey, readLog, sessionsPerDay, toCsv, weeks, writeLog,
} from "../../docs/assets/lbeg/log.js";
import { RULES } from "./rules.js";

class Store {
  constructor(limit = Infinity) {
    this.items = new Map();
    this.limit = limit;
  }
  getItem(key) {
    return this.items.has(key) ? this.items.get(key) : null;
  }
  setItem(key, value) {
    if (String(value).length > this.limit) {
      const error = new Error("full");
      error.name = "QuotaExceededError";
      throw error;
    }
    this.items.set(key, String(value));
  }
  removeItem(key) {
    this.items.delete(key);
  }
}

const LIGHTS = [
  { name: "Green", colour: "green", upTo: 3 }, { name: "Amber", colour: "amber", upTo: 5 },
  { name: "Red", colour: "red", upTo: null },
];
const KEY = logKey("1~~~pelvic-tilt.r5d3");

test("a day's record survives a round trip through the store", () => {
  const store = new Store();
  const { log, message } = readLog(store, KEY, RULES);
  assert.equal(message, "");
  log.usual = 3;
  Object.assign(dayEntry(log, "2026-11-29"), { done: 2, pain: 5, usual: 3, effort: "right" });
  assert.deepEqual(writeLog(store, KEY, log, "2026-11-29"), { ok: true, message: "" });
  assert.deepEqual(readLog(store, KEY, RULES), {
    log: { usual: 3, days: { "2026-11-29": { done: 2, pain: 5, usual: 3, effort: "right" } } }, message: "",
  });
});

test("each programme link has a log of its own", () => {
  assert.notEqual(logKey("1~~~pelvic-tilt.r5d3"), logKey("1~~~pelvic-tilt.r5d2"));
  assert.equal(logKey("#1~~~pelvic-tilt.r5d3"), KEY);
});

test("damaged or hostile stored data gives a plain message and a fresh log", () => {
  for (const text of ["{not json", "[]", "null", '"text"', '{"v":2,"days":{}}', '{"v":1,"days":[]}', "x".repeat(70000)]) {
    const store = new Store();
    store.setItem(KEY, text);
    const { log, message } = readLog(store, KEY, RULES);
    assert.deepEqual(log, { usual: null, days: {} }, text.slice(0, 20));
    assert.match(message, /could not be read/);
  }
});

test("unsound entries are left out, and the rest is kept", () => {
  const store = new Store();
  store.setItem(KEY, JSON.stringify({
    v: 1, usual: 3,
    days: {
      "2026-11-28": { done: 1, pain: 4 },
      "2026-02-30": { done: 1 },
      "__proto__": { done: 1 },
      "<img src=x onerror=alert(1)>": { done: 1 },
      "2026-11-27": { done: 99 },
      "2026-11-26": { pain: "<b>7</b>" },
      "2026-11-25": { effort: "constructor" },
      "2026-11-24": "done",
    },
  }));
  const { log, message } = readLog(store, KEY, RULES);
  assert.deepEqual(Object.keys(log.days), ["2026-11-28"]);
  assert.equal(Object.getPrototypeOf(log.days), Object.prototype);
  assert.match(message, /left out/);
});

test("a full store or one that is switched off says so in plain words", () => {
  const full = new Store(10);
  const { log } = readLog(full, KEY, RULES);
  dayEntry(log, "2026-11-29").done = 1;
  const result = writeLog(full, KEY, log, "2026-11-29");
  assert.equal(result.ok, false);
  assert.match(result.message, /storage is full/);
  const blocked = { getItem() { throw new Error("SecurityError"); }, setItem() { throw new Error("SecurityError"); } };
  assert.match(readLog(blocked, KEY, RULES).message, /not letting the guide save/);
  assert.match(readLog(null, KEY, RULES).message, /not letting the guide save/);
  assert.match(writeLog(blocked, KEY, log, "2026-11-29").message, /not letting the guide save/);
});

test("old days drop out, and clearing removes the log", () => {
  const store = new Store();
  const { log } = readLog(store, KEY, RULES);
  dayEntry(log, "2025-01-01").done = 1;
  dayEntry(log, "2026-11-29").done = 1;
  writeLog(store, KEY, log, "2026-11-29");
  assert.deepEqual(Object.keys(readLog(store, KEY, RULES).log.days), ["2026-11-29"]);
  assert.ok(KEEP_DAYS >= 42);
  clearLog(store, KEY);
  assert.equal(store.getItem(KEY), null);
});

test("the traffic light follows the rise above the usual pain", () => {
  assert.equal(lightFor(4, 1, LIGHTS).colour, "green");
  assert.equal(lightFor(5, 1, LIGHTS).colour, "amber");
  assert.equal(lightFor(6, 1, LIGHTS).colour, "amber");
  assert.equal(lightFor(7, 1, LIGHTS).colour, "red");
  assert.equal(lightFor(0, 6, LIGHTS).colour, "green");
  assert.equal(lightFor(null, 1, LIGHTS), null);
  assert.equal(lightFor(3, null, LIGHTS), null);
});

test("sessions a day follow the exercise done most often", () => {
  const item = (dose) => ({ slug: "x", dose });
  assert.equal(sessionsPerDay({ items: [item({ day: 1 }), item({ day: 3 }), item({ week: 5 })] }), 3);
  assert.equal(sessionsPerDay({ items: [item({ week: 3 })] }), 1);
});

test("weeks add up sessions and pain scores", () => {
  const { log } = readLog(new Store(), KEY, RULES);
  Object.assign(dayEntry(log, "2026-11-29"), { done: 2, pain: 4 });
  Object.assign(dayEntry(log, "2026-11-23"), { done: 1, pain: 6 });
  Object.assign(dayEntry(log, "2026-11-22"), { done: 3 });
  const last = weeks(log, "2026-11-29", 2, 2);
  assert.deepEqual(last.map((w) => [w.from, w.to, w.done, w.planned, w.pains]), [
    ["2026-11-16", "2026-11-22", 3, 14, []],
    ["2026-11-23", "2026-11-29", 3, 14, [6, 4]],
  ]);
});

test("the CSV file has a row a day, in the words the page uses", () => {
  const { log } = readLog(new Store(), KEY, RULES);
  log.usual = 2;
  Object.assign(dayEntry(log, "2026-11-29"), { done: 1, pain: 7, effort: "hard" });
  Object.assign(dayEntry(log, "2026-11-28"), { done: 2 });
  Object.assign(dayEntry(log, "2026-11-27"), { done: 1, pain: 0 });
  const csv = toCsv(log, 2, LIGHTS, RULES.efforts);
  const rows = csv.trimEnd().split("\r\n").map((row) => row.split(","));
  assert.equal(rows[0][0], "Date");
  assert.deepEqual(rows.slice(1), [
    ["2026-11-27", "1", "2", "0", "2", "-2", "Green", ""],
    ["2026-11-28", "2", "2", "", "2", "", "", ""],
    ["2026-11-29", "1", "2", "7", "2", "5", "Amber", RULES.efforts.hard],
  ]);
});

test("no cell of the CSV file can run as a spreadsheet formula, whatever the log holds", () => {
  const formula = /^[=+\-@\t\r]/;
  const hostile = ["=HYPERLINK(\"http://x.example\",\"Open\")", "+1+1", "-1+cmd|' /C calc'!A0", "@SUM(A1)", "\t=1"];
  // Through the store: what a script or a hand edit could leave there is dropped on reading.
  const store = new Store();
  const days = Object.fromEntries(hostile.map((text, i) => [`2026-11-2${i}`, { done: 1, effort: text }]));
  days[hostile[0]] = { done: 1 };
  store.setItem(KEY, JSON.stringify({ v: 1, usual: 2, days }));
  const read = readLog(store, KEY, RULES).log;
  assert.deepEqual(read.days, {});
  assert.equal(toCsv(read, 1, [], RULES.efforts).split("\r\n").length, 2, "only the heading row");
  // And a log handed straight to the file, and lights and words that say anything.
  const raw = { usual: hostile[1], days: Object.fromEntries(hostile.map((text, i) => [`2026-10-1${i}`, {
    done: text, pain: text, usual: text, effort: "hard",
  }])) };
  const lights = [{ name: hostile[2], upTo: null }];
  const csv = toCsv(raw, hostile[3], lights, { hard: hostile[4] });
  const cells = csv.trimEnd().split("\r\n").slice(1).flatMap((row) => row.match(/("([^"]|"")*"|[^,]*)(,|$)/g))
    .map((cell) => cell.replace(/,$/, "").replace(/^"(.*)"$/s, "$1").replace(/""/g, '"'));
  assert.ok(cells.length > 8);
  for (const cell of cells) assert.ok(!formula.test(cell) || /^-\d+$/.test(cell), cell);
  assert.ok(toCsv(raw, 1, lights, { hard: hostile[4] }).includes("'=HYPERLINK"), "kept, as text");
});

test("a day keeps as many sessions done as a link may ask for, and no more", () => {
  const most = RULES.limits.day[1];
  const store = new Store();
  store.setItem(KEY, JSON.stringify({ v: 1, days: { "2026-11-28": { done: most }, "2026-11-29": { done: most + 1 } } }));
  const { log, message } = readLog(store, KEY, RULES);
  assert.deepEqual(Object.keys(log.days), ["2026-11-28"]);
  assert.match(message, /could not be read/);
});

test("how hard a day felt is kept for each answer the page offers", () => {
  const store = new Store();
  const days = Object.fromEntries(Object.keys(RULES.efforts).map((effort, i) => [`2026-11-2${i}`, { effort }]));
  store.setItem(KEY, JSON.stringify({ v: 1, days }));
  const { log, message } = readLog(store, KEY, RULES);
  assert.equal(message, "");
  assert.deepEqual(Object.values(log.days).map((d) => d.effort), Object.keys(RULES.efforts));
});
