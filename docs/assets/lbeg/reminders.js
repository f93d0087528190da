/* "Add reminders to my calendar" on the programme page: the patient picks the
   times (and, for exercises done some days a week, the days), and the page makes
   a calendar file on the device (ics.js). Markup: lbeg/templates/progress.html.
   Exercises done more than once on the days they are done get one reminder for
   each time, all on the same days: the days are picked once, with the first. */

import { $, $$, fileName, fromTemplate, saveFile } from "./dom.js";
import { calendar, reminderPlan } from "./ics.js";

// What a reminder is for, in the words a dose's "How often" uses (rules.dose.rows.often).
function when(reminder, words) {
  const often = reminder.of === 1 ? "" : `${words["day" + reminder.of]}: reminder ${reminder.nth} of ${reminder.of}`;
  if (reminder.days) {
    const week = words["week" + reminder.week];
    return often ? `${week}, ${often[0].toLowerCase()}${often.slice(1)}` : week;
  }
  return often || words.week7;
}

export function showReminders(root, catalogue, programme, link) {
  const box = $(root, "[data-lbeg-remind]");
  const said = $(box, "[data-lbeg-remind-said]");
  const template = $(box, "template[data-lbeg-remind-slot]");
  const plan = reminderPlan(programme, catalogue.rules);
  const words = catalogue.rules.dose.rows.often;
  const name = (slug) => catalogue.exercises[slug].name;
  // The reminder whose days each weekly reminder takes: the first of those on the same days.
  const daysOf = plan.map((reminder) => reminder.days && plan.findIndex((r) => r.days && r.week === reminder.week));
  const fields = plan.map((reminder, i) => {
    const field = fromTemplate(template, { when: when(reminder, words), for: "For: " + reminder.slugs.map(name).join(", ") });
    $(field, "[data-lbeg-time]").value = reminder.time;
    const days = $(field, "[data-lbeg-days]");
    if (reminder.days && daysOf[i] === i) {
      for (const box of $$(days, "input")) box.checked = reminder.days.includes(box.value);
    } else {
      days.remove();
    }
    if (!reminder.days || daysOf[i] === i) $(field, "[data-lbeg-same-days]").remove();
    return field;
  });
  $(box, "[data-lbeg-remind-list]").replaceChildren(...fields);
  said.textContent = "";

  $(box, "[data-lbeg-remind-make]").onclick = () => {
    const reminders = [];
    for (const [i, reminder] of plan.entries()) {
      const time = $(fields[i], "[data-lbeg-time]");
      const days = reminder.days && $$(fields[daysOf[i]], "[data-lbeg-days] input:checked").map((b) => b.value);
      if (!/^\d\d:\d\d$/.test(time.value)) {
        said.textContent = `Choose a time for "${when(reminder, words)}".`;
        time.focus();
        return;
      }
      if (days && !days.length) {
        said.textContent = `Choose at least one day for "${when(plan[daysOf[i]], words)}".`;
        $(fields[daysOf[i]], "[data-lbeg-days] input").focus();
        return;
      }
      reminders.push({ ...reminder, time: time.value, days, names: reminder.slugs.map(name) });
    }
    const weeks = Number($(box, "[data-lbeg-weeks]").value) || 6;
    const text = calendar({
      title: programme.title, link, reminders, weeks, now: new Date(), host: window.location.hostname || "localhost",
    });
    saveFile(fileName(programme.title, "-reminders.ics"), "text/calendar;charset=utf-8", text);
    const count = reminders.length;
    said.textContent = `Calendar file made, with ${count} repeating reminder${count === 1 ? "" : "s"}. Open it to add them to your calendar.`;
  };
}
