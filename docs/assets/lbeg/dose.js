/* A dose in words, as the exercise pages put it (lbeg/views.py: dosage_rows). No DOM: Node tests it. */

function plural(n, word) {
  return n + " " + word + (n === 1 ? "" : "s");
}

function times(n) {
  return n === 1 ? "Once" : n + " times";
}

// A count of repetitions, with both numbers where the sides take turns or each get their own.
function count(reps, side) {
  if (side === "each") return `${times(reps)} on each side (${reps * 2} in all)`;
  if (side === "alternate") return `${times(Math.floor(reps / 2))} to each side (${reps} in all)`;
  return times(reps);
}

// A dose (numbers, as the link codec reads them) -> [[label, value], ...]
export function doseRows(dose) {
  const rows = [];
  if (dose.minutes) rows.push(["Time", plural(dose.minutes, "minute")]);
  if (dose.hold) rows.push(["Hold", plural(dose.hold, "second")]);
  else if (dose.breaths) rows.push(["Hold", plural(dose.breaths, "slow breath")]);
  if (dose.reps) {
    let reps = count(dose.reps, dose.side);
    if (dose.side === "each") reps += ". Do all of one side, then the other";
    if (dose.side === "alternate") reps += ", swapping sides each time";
    rows.push(["Repeat", reps]);
  }
  if (dose.sets > 1) rows.push(["Sets", plural(dose.sets, "set") + ", with a short rest between"]);
  // "Times" counts repetitions; how often is in sessions a day and days a week.
  const often = [];
  if (dose.day) often.push(dose.day === 1 ? "Once a day" : dose.day === 2 ? "Twice a day" : dose.day + " sessions a day");
  if (dose.week) often.push(dose.week === 7 ? "every day" : plural(dose.week, "day") + " a week");
  const text = often.join(", ");
  rows.push(["How often", text.charAt(0).toUpperCase() + text.slice(1)]);
  return rows;
}
