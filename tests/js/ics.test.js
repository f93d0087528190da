// Calendar reminders for a programme, run directly in Node. The browser test
// parses a real file with the PyPI icalendar package (tests/test_between_visits.py).
import assert from "node:assert/strict";
import { test } from "node:test";

import { calendar, escapeText, fold, reminderPlan } from "../../docs/assets/lbeg/ics.js";
import { RULES } from "./rules.js";

const item = (slug, dose) => ({ slug, dose, note: "" });

test("a reminder for each time a day, each for the exercises done that often", () => {
  const plan = reminderPlan({ items: [item("a", { day: 3 }), item("b", { day: 1 }), item("c", { week: 7 })] }, RULES);
  assert.deepEqual(plan.map((r) => [r.nth, r.of, r.days, r.slugs]), [
    [1, 3, null, ["a", "b", "c"]], [2, 3, null, ["a"]], [3, 3, null, ["a"]],
  ]);
});

test("exercises done some days a week get a weekly reminder on spread-out days", () => {
  const plan = reminderPlan({ items: [item("a", { week: 3 }), item("b", { week: 5 }), item("c", { week: 3 })] }, RULES);
  assert.deepEqual(plan.map((r) => [r.week, r.days, r.slugs]), [
    [3, ["MO", "WE", "FR"], ["a", "c"]], [5, ["MO", "TU", "WE", "TH", "FR"], ["b"]],
  ]);
});

test("exercises done more than once a day on some days get a reminder for each time, on those days only", () => {
  const plan = reminderPlan({ items: [item("a", { day: 2, week: 3 }), item("b", { week: 3 }), item("c", { day: 1 })] }, RULES);
  assert.deepEqual(plan.map((r) => [r.nth, r.of, r.days, r.slugs]), [
    [1, 1, null, ["c"]], [1, 2, ["MO", "WE", "FR"], ["a", "b"]], [2, 2, ["MO", "WE", "FR"], ["a"]],
  ]);
});

test("text is escaped, so a title cannot add lines or events", () => {
  assert.equal(escapeText("a;b,c\\d\r\nEND:VEVENT"), "a\\;b\\,c\\\\d\\nEND:VEVENT");
  const text = calendar({
    title: "Sam\r\nEND:VEVENT\r\nBEGIN:VEVENT", link: "https://guide.example.org/programme/#1~~~a.r5d1",
    reminders: [{ time: "08:30", days: null, names: ["Pelvic tilt"] }], weeks: 2,
    now: new Date(2026, 10, 29, 12), host: "guide.example.org",
  });
  assert.equal(text.split("\r\n").filter((line) => line === "BEGIN:VEVENT").length, 1);
  assert.ok(text.includes("DTSTART:20261129T083000"));
  assert.ok(text.includes("RRULE:FREQ=DAILY;UNTIL=20261212T235900"));
});

test("long lines are folded at 75 octets without splitting a character", () => {
  const line = "DESCRIPTION:" + "é".repeat(100);
  const parts = fold(line).split("\r\n ");
  assert.ok(parts.every((part) => new TextEncoder().encode(part).length <= 75));
  assert.equal(parts.join(""), line);
});

test("a weekly reminder starts on its first chosen day", () => {
  const text = calendar({
    title: "", link: "https://guide.example.org/programme/#x",
    reminders: [{ time: "18:00", days: ["TU", "FR"], names: ["Walking"] }], weeks: 1,
    now: new Date(2026, 10, 29, 12), host: "h",
  });
  assert.ok(text.includes("DTSTART:20261201T180000"), text);
  assert.ok(text.includes("RRULE:FREQ=WEEKLY;BYDAY=TU,FR;UNTIL=20261207T235900"));
});

test("a time or a day that is not one is refused", () => {
  const base = { title: "", link: "l", weeks: 1, now: new Date(2026, 10, 29), host: "h" };
  assert.throws(() => calendar({ ...base, reminders: [{ time: "25:00", days: null, names: [] }] }));
  assert.throws(() => calendar({ ...base, reminders: [{ time: "08:00", days: ["XX"], names: [] }] }));
});

test("every number of sessions a day and days a week a link may hold gets its own times and days", () => {
  for (let day = RULES.limits.day[0]; day <= RULES.limits.day[1]; day += 1) {
    for (let week = RULES.limits.week[0]; week <= RULES.limits.week[1]; week += 1) {
      const plan = reminderPlan({ items: [item("a", { day, week })] }, RULES);
      assert.equal(plan.length, day);
      const times = plan.map((r) => r.time);
      assert.ok(times.every((t) => /^([01]\d|2[0-3]):[0-5]\d$/.test(t)), times.join());
      assert.deepEqual(times, [...times].sort(), "in order through the day");
      assert.equal(new Set(times).size, day, "each at its own time");
      for (const r of plan) assert.equal(r.days === null ? 7 : new Set(r.days).size, week);
    }
  }
});
