/* Calendar reminders for a programme, as an iCalendar file (RFC 5545) made in
   the browser: nothing is sent anywhere. No DOM: Node tests it (tests/js/).

   Each reminder is a repeating event at a time the patient picks:
   - exercises done N times a day give N daily reminders (the first for every
     such exercise, the second for those done at least twice, ...);
   - exercises done N days a week give a weekly reminder on the days picked,
     one for each time a day they are done on those days.
   Times are the patient's own clock time wherever they are ("floating" times). */

export const WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
export const MINUTES = 15;

/* The reminders a programme needs: [{nth: k, of: n, days: null | [weekday, ...], week: n, slugs, time}].
   The times and days first offered are the catalogue's (rules.reminders, lbeg/views.py). */
export function reminderPlan(programme, rules) {
  const { times: TIMES, days: DAYS, weekly: WEEKLY } = rules.reminders;
  const items = programme.items;
  const everyDay = (item) => !item.dose.week || item.dose.week >= 7;
  const daily = (item) => (everyDay(item) ? item.dose.day || (item.dose.week === 7 ? 1 : 0) : 0);
  const most = Math.max(0, ...items.map(daily));
  const plan = [];
  for (let k = 1; k <= most; k += 1) {
    plan.push({
      of: most, nth: k, days: null, week: 7, time: TIMES[most][k - 1],
      slugs: items.filter((item) => daily(item) >= k).map((item) => item.slug),
    });
  }
  const weekly = [...new Set(items.filter((item) => !daily(item)).map((item) => item.dose.week))].sort();
  for (const week of weekly) {
    const group = items.filter((item) => !daily(item) && item.dose.week === week);
    const times = (item) => item.dose.day || 1;
    const of = Math.max(...group.map(times));
    for (let k = 1; k <= of; k += 1) {
      plan.push({
        of, nth: k, days: DAYS[week].slice(), week, time: of === 1 ? WEEKLY : TIMES[of][k - 1],
        slugs: group.filter((item) => times(item) >= k).map((item) => item.slug),
      });
    }
  }
  return plan;
}

// Text as an iCalendar TEXT value: backslash, semicolon, comma and line breaks escaped.
export function escapeText(text) {
  return String(text).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r\n|\r|\n/g, "\\n");
}

// Lines longer than 75 octets are folded: CRLF and a space, never inside a character.
export function fold(line) {
  const bytes = new TextEncoder();
  const out = [];
  let current = "";
  let size = 0;
  for (const char of line) {
    const length = bytes.encode(char).length;
    if (size + length > (out.length ? 74 : 75)) {
      out.push(current);
      current = "";
      size = 0;
    }
    current += char;
    size += length;
  }
  out.push(current);
  return out.join("\r\n ");
}

function two(n) {
  return String(n).padStart(2, "0");
}

function localStamp(date, time) {
  return `${date.getFullYear()}${two(date.getMonth() + 1)}${two(date.getDate())}T${time.replace(":", "")}00`;
}

function utcStamp(date) {
  return date.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
}

// The first day, from `today` on, that a reminder falls on.
function firstDay(today, days) {
  const date = new Date(today.getFullYear(), today.getMonth(), today.getDate());
  if (!days) return date;
  while (!days.includes(WEEKDAYS[(date.getDay() + 6) % 7])) date.setDate(date.getDate() + 1);
  return date;
}

function isTime(text) {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(text);
}

/* The calendar file. `reminders` are a plan's entries with the patient's `time`
   and `days`, and `names` (the exercises' names); `link` is the programme's address. */
export function calendar({ title, link, reminders, weeks, now, host }) {
  const lines = [
    "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Lower Back Exercise Guide//Reminders//EN",
    "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
  ];
  const stamp = utcStamp(now);
  reminders.forEach((reminder, i) => {
    if (!isTime(reminder.time)) throw new Error("not a time: " + reminder.time);
    const days = reminder.days && reminder.days.filter((d) => WEEKDAYS.includes(d));
    if (days && !days.length) throw new Error("no days picked");
    const start = firstDay(now, days);
    const last = new Date(start.getFullYear(), start.getMonth(), start.getDate() + weeks * 7 - 1);
    const rule = days
      ? `RRULE:FREQ=WEEKLY;BYDAY=${WEEKDAYS.filter((d) => days.includes(d)).join(",")};UNTIL=${localStamp(last, "23:59")}`
      : `RRULE:FREQ=DAILY;UNTIL=${localStamp(last, "23:59")}`;
    const summary = title ? `Back exercises: ${title}` : "Back exercises";
    const description = `Time for your exercises: ${reminder.names.join(", ")}.\nOpen your programme: ${link}`;
    lines.push(
      "BEGIN:VEVENT",
      `UID:${stamp}-${i + 1}-${Math.random().toString(36).slice(2, 10)}@${host}`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${localStamp(start, reminder.time)}`,
      `DURATION:PT${MINUTES}M`,
      rule,
      `SUMMARY:${escapeText(summary)}`,
      `DESCRIPTION:${escapeText(description)}`,
      `URL:${link}`,
      "TRANSP:TRANSPARENT",
      "BEGIN:VALARM",
      "ACTION:DISPLAY",
      `DESCRIPTION:${escapeText(summary)}`,
      "TRIGGER:PT0M",
      "END:VALARM",
      "END:VEVENT",
    );
  });
  lines.push("END:VCALENDAR");
  return lines.map(fold).join("\r\n") + "\r\n";
}
