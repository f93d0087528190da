/* A dose in words, as the exercise pages put it. No words are written here: the
   build puts every phrase a link's dose can need into the catalogue's
   rules.dose (lbeg/views.py, link_rules), from the same Python that words the
   exercise pages. No DOM: Node tests it. */

// A dose (numbers, as the link codec reads them) and rules.dose -> [[label, value], ...]
export function doseRows(dose, words) {
  const key = {
    ...dose,
    reps: dose.reps ? dose.reps + (dose.side || "") : 0,
    often: (dose.day ? "day" + dose.day : "") + (dose.week ? "week" + dose.week : ""),
  };
  return words.order
    .filter((part) => words.rows[part][key[part]] !== undefined)
    .map((part) => [words.labels[part], words.rows[part][key[part]]]);
}

// "Hold: 5 seconds · Repeat: 8 times", as a printed sheet puts a dose on one line.
export function doseLine(dose, words) {
  const [pair, join] = words.join;
  return doseRows(dose, words).map(([label, value]) => label + pair + value).join(join);
}
