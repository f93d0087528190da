// A dose in words, from the phrases the build writes into the catalogue.
import assert from "node:assert/strict";
import { test } from "node:test";

import { doseLine, doseRows } from "../../docs/assets/lbeg/dose.js";
import { RULES } from "./rules.js";

const dose = (given) => ({ hold: 0, breaths: 0, reps: 0, sets: 0, minutes: 0, day: 0, week: 0, side: "", ...given });

test("a dose reads as the How much box does", () => {
  assert.deepEqual(doseRows(dose({ hold: 5, reps: 8, sets: 2, side: "each", day: 2 }), RULES.dose), [
    ["Hold", "5 seconds"],
    ["Repeat", "8 times on each side (16 in all). Do all of one side, then the other"],
    ["Sets", "2 sets, with a short rest between"],
    ["How often", "Twice a day"],
  ]);
});

test("one set, and parts a dose does not have, are not said", () => {
  assert.deepEqual(doseRows(dose({ minutes: 20, sets: 1, week: 7 }), RULES.dose), [
    ["Time", "20 minutes"],
    ["How often", "Every day"],
  ]);
});

test("a hold in breaths, and sides swapped each time", () => {
  const rows = doseRows(dose({ breaths: 3, reps: 1, side: "alternate", week: 3 }), RULES.dose);
  assert.deepEqual(rows, [["Hold", "3 slow breaths"], ["Repeat", "Once, swapping sides each time"], ["How often", "3 days a week"]]);
});

test("a printed sheet puts a dose on one line", () => {
  assert.equal(doseLine(dose({ hold: 10, reps: 2, day: 1 }), RULES.dose), "Hold: 10 seconds · Repeat: 2 times · How often: Once a day");
});

test("every dose a link can hold has words for each of its parts", () => {
  const { limits } = RULES;
  for (let reps = limits.reps[0]; reps <= limits.reps[1]; reps += 1) {
    for (const side of ["", "each", "alternate"]) {
      const rows = doseRows(dose({ reps, side, day: limits.day[1] }), RULES.dose);
      assert.equal(rows.length, 2, `${reps} ${side}`);
    }
  }
  for (let hold = limits.hold[0]; hold <= limits.hold[1]; hold += 1) {
    assert.equal(doseRows(dose({ hold, reps: 1, week: limits.week[1] }), RULES.dose).length, 3);
  }
});
