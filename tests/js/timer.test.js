// The timer's steps, worked out from a dose, run directly in Node.
import assert from "node:assert/strict";
import { test } from "node:test";

import { phases } from "../../docs/assets/lbeg/timer.js";

const said = (steps) => steps.map((s) => [s.label, s.where, s.secs]);

test("a hold is timed, with a rest between repeats", () => {
  assert.deepEqual(said(phases({ hold: 3, reps: 2 })), [
    ["Get ready", "", 5],
    ["Hold", "Repeat 1 of 2", 3],
    ["Relax", "", 3],
    ["Hold", "Repeat 2 of 2", 3],
    ["Done. Well done", "", 0],
  ]);
});

test("each side gets its repeats, with a pause to switch", () => {
  const labels = said(phases({ reps: 1, side: "each" }));
  assert.deepEqual(labels.map(([label, where]) => where || label), [
    "Get ready", "Repeat 1 of 1, first side", "Switch sides", "Repeat 1 of 1, second side", "Done. Well done",
  ]);
});

test("sets are separated by the dose's rest", () => {
  const rests = phases({ reps: 1, sets: 3, rest: 45 }).filter((s) => s.label === "Rest");
  assert.deepEqual(rests.map((s) => s.secs), [45, 45]);
});

test("a walk is one stretch of minutes", () => {
  assert.deepEqual(said(phases({ minutes: 20 })), [
    ["Get ready", "", 5], ["Keep going", "20 minutes in all", 1200], ["Done. Well done", "", 0],
  ]);
});

test("a hold in breaths waits for the reader", () => {
  const step = phases({ breaths: 3, reps: 1 })[1];
  assert.equal(step.label, "Hold for 3 slow breaths, then press Next");
  assert.equal(step.secs, 0);
});
