/* A dose in words, as the exercise pages put it. No DOM: Node tests it. */

function plural(n, word) {
  return n + " " + word + (n === 1 ? "" : "s");
}

// A dose (numbers, as the link codec reads them) -> [[label, value], ...]
export function doseRows(dose) {
  const rows = [];
  if (dose.minutes) rows.push(["Time", plural(dose.minutes, "minute")]);
  if (dose.hold) rows.push(["Hold", plural(dose.hold, "second")]);
  else if (dose.breaths) rows.push(["Hold", plural(dose.breaths, "slow breath")]);
  if (dose.reps) {
    let reps = dose.reps === 1 ? "Once" : dose.reps + " times";
    if (dose.side === "each") reps += " on each side";
    if (dose.side === "alternate") reps += ", swapping sides each time";
    rows.push(["Repeat", reps]);
  }
  if (dose.sets > 1) rows.push(["Sets", plural(dose.sets, "set")]);
  const often = dose.day
    ? (dose.day === 1 ? "Once" : dose.day === 2 ? "Twice" : dose.day + " times") + " a day"
    : dose.week === 7 ? "Every day" : plural(dose.week, "day") + " a week";
  rows.push(["How often", often]);
  return rows;
}
