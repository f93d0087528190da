/* The patient's record on the programme page: today's sessions, pain score and
   how hard it felt; this week; a chart and table of the last six weeks; a
   printable summary, a CSV file, and "clear my data". The record is kept only on
   this device (log.js). Markup: lbeg/templates/progress.html. */

import { $, $$, fileName, fromTemplate, saveFile, slot } from "./dom.js";
import {
  CHART_DAYS, clearLog, dayEntry, isoDay, lastDays, lightFor, logKey, readLog, sessionsPerDay, toCsv, weeks,
  writeLog,
} from "./log.js";
import { MAX_LENGTH } from "./codec.js";

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const PRINT_CLASS = "lbeg-print-log";

function store() {
  try {
    return window.localStorage;
  } catch (error) {
    return null;
  }
}

function dateOf(day) {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(y, m - 1, d);
}

// "Mon 3 Nov", or "3 Nov 2026" with the year.
function longDay(day, withYear = false) {
  const options = withYear ? { day: "numeric", month: "short", year: "numeric" } : { weekday: "short", day: "numeric", month: "short" };
  return dateOf(day).toLocaleDateString("en-GB", options);
}

// The pain rule's lights, as drawn on the page from data/.
function readLights(root) {
  return $$(root, "[data-lbeg-lights] [data-lbeg-light]").map((li) => ({
    name: li.dataset.lbegLight.charAt(0).toUpperCase() + li.dataset.lbegLight.slice(1),
    colour: li.dataset.lbegLight,
    upTo: li.dataset.upTo === "" ? null : Number(li.dataset.upTo),
    words: li.textContent.trim().replace(/\s+/g, " "),
  }));
}

/* Start the record for a programme: `fragment` is its link's text after #, and
   `rules` the catalogue's (lbeg/views.py). Returns a function that stops it. */
export function showProgress(root, programme, fragment, rules) {
  const EFFORTS = rules.efforts;
  const key = logKey(fragment);
  const planned = sessionsPerDay(programme);
  const lights = readLights(root);
  // Today, worked out each time: the page may stay open past midnight.
  const today = () => isoDay(new Date());
  const problem = $(root, "[data-lbeg-log-problem]");
  const said = $(root, "[data-lbeg-log-said]");
  const found = readLog(store(), key, rules);
  let log = found.log;
  carryOverDays(log, fragment);

  function tell(message) {
    problem.textContent = message;
    problem.hidden = !message;
  }
  function announce(words) {
    said.textContent = words;
  }
  tell(found.message);

  // Save, or say why not; the page keeps what was chosen either way.
  function save(words) {
    const result = writeLog(store(), key, log, today());
    if (result.ok) {
      if (problem.textContent && problem.textContent !== found.message) tell("");
      announce(words);
    } else {
      tell(result.message);
      announce(result.message);
    }
    draw();
  }

  const sessions = $(root, "[data-lbeg-sessions]");
  const sessionTemplate = $(root, "template[data-lbeg-session]");
  const buttons = [];
  for (let n = 1; n <= planned; n += 1) {
    const button = fromTemplate(sessionTemplate);
    button.addEventListener("click", () => {
      const entry = dayEntry(log, today());
      entry.done = entry.done >= n ? n - 1 : n;
      save(planned > 1 ? `${entry.done} of ${planned} sessions done today.` : entry.done ? "Marked done today." : "Not done today.");
    });
    buttons.push(button);
  }
  sessions.replaceChildren(...buttons);

  const usualBox = $(root, "[data-lbeg-usual]");
  const painBox = $(root, "[data-lbeg-pain]");
  const scoreOf = (box) => (box.value === "" ? null : Number(box.value));
  usualBox.onchange = () => {
    log.usual = scoreOf(usualBox);
    dayEntry(log, today()).usual = log.usual;
    save(lightWords() || "Usual pain saved.");
  };
  painBox.onchange = () => {
    dayEntry(log, today()).pain = scoreOf(painBox);
    save(lightWords() || "Pain score saved.");
  };
  for (const radio of $$(root, "[data-lbeg-effort] input")) {
    radio.onchange = () => {
      dayEntry(log, today()).effort = radio.value;
      save(`Saved: ${EFFORTS[radio.value].toLowerCase()}.`);
    };
  }

  function todayEntry() {
    return log.days[today()] || { done: 0, pain: null, usual: null, effort: null };
  }

  function usualOf(entry) {
    return entry.usual !== null ? entry.usual : log.usual;
  }

  // Where today's score sits on the pain rule, in words.
  function lightWords() {
    const entry = todayEntry();
    const light = lightFor(entry.pain, usualOf(entry), lights);
    if (!light) return "";
    const rise = entry.pain - usualOf(entry);
    const above = rise > 0 ? `${rise} point${rise === 1 ? "" : "s"} above your usual pain` : "no higher than your usual pain";
    return `Your pain today is ${above}: ${light.name.toLowerCase()}.`;
  }

  function drawToday() {
    const entry = todayEntry();
    buttons.forEach((button, i) => {
      const done = entry.done > i;
      button.textContent = planned > 1
        ? `Session ${i + 1}${done ? " done \u2713" : ": mark done"}`
        : done ? "Done today \u2713 (press to undo)" : "Mark done today";
      button.setAttribute("aria-pressed", String(done));
    });
    usualBox.value = usualOf(entry) === null ? "" : String(usualOf(entry));
    painBox.value = entry.pain === null ? "" : String(entry.pain);
    for (const radio of $$(root, "[data-lbeg-effort] input")) radio.checked = radio.value === entry.effort;
    const now = $(root, "[data-lbeg-light-now]");
    if (now) {
      const light = lightFor(entry.pain, usualOf(entry), lights);
      now.textContent = lightWords() || "Choose both scores to see where you are.";
      for (const li of $$(root, "[data-lbeg-lights] [data-lbeg-light]")) {
        const on = Boolean(light && li.dataset.lbegLight === light.colour);
        li.classList.toggle("lbeg-light--now", on);
        if (on) li.setAttribute("aria-current", "true");
        else li.removeAttribute("aria-current");
      }
    }
  }

  function drawWeek() {
    const dayTemplate = $(root, "template[data-lbeg-day]");
    const week = lastDays(log, today(), 7).map(({ day, entry }, i) => {
      const name = i === 6 ? "Today" : DAYS[dateOf(day).getDay()];
      const done = entry ? entry.done : 0;
      const all = done >= planned;
      const mark = all ? "\u2713" : done ? `${done}/${planned}` : "\u2013";
      const li = fromTemplate(dayTemplate, { name, mark });
      li.classList.toggle("lbeg-week__day--done", all);
      const words = all ? "done" : done ? `${done} of ${planned} sessions done` : "not done";
      li.setAttribute("aria-label", `${name}: ${words}`);
      return li;
    });
    $(root, "[data-lbeg-week]").replaceChildren(...week);
  }

  function drawChart(svg) {
    const n = (name) => Number(svg.dataset[name]);
    const x = (i) => n("x0") + (i + 0.5) * n("dx");
    const y = (p) => n("y0") - p * n("dy");
    const days = lastDays(log, today(), CHART_DAYS);
    let pain = "";
    let usual = "";
    let dots = "";
    let done = "";
    let gap = true;
    let lastUsual = null;
    days.forEach(({ entry }, i) => {
      if (entry && entry.pain !== null) {
        pain += `${gap ? "M" : "L"}${x(i)} ${y(entry.pain)}`;
        dots += `M${x(i) - 2.5} ${y(entry.pain)}a2.5 2.5 0 1 0 5 0a2.5 2.5 0 1 0 -5 0`;
        gap = false;
      } else {
        gap = true;
      }
      const u = entry ? usualOf(entry) : lastUsual;
      if (u !== null && u !== undefined) {
        usual += `${lastUsual === null ? "M" : "L"}${x(i) - n("dx") / 2} ${y(u)}H${x(i) + n("dx") / 2}`;
        lastUsual = u;
      }
      if (entry && entry.done) {
        const h = (Math.min(entry.done, planned) / planned) * n("barH");
        done += `M${x(i) - n("dx") * 0.35} ${n("bars")}v${-h}h${n("dx") * 0.7}v${h}z`;
      }
    });
    slot(svg, "pain").setAttribute("d", pain);
    slot(svg, "usual").setAttribute("d", usual);
    slot(svg, "dots").setAttribute("d", dots);
    slot(svg, "done").setAttribute("d", done);
    for (let w = 0; w < CHART_DAYS / 7; w += 1) slot(svg, `week-${w}`).textContent = dateOf(days[w * 7].day).toLocaleDateString("en-GB", { day: "numeric", month: "short" });
    const recorded = days.filter((d) => d.entry && d.entry.pain !== null);
    const doneDays = days.filter((d) => d.entry && d.entry.done).length;
    const latest = recorded.length ? recorded[recorded.length - 1].entry.pain : null;
    slot(svg, "summary").textContent = recorded.length || doneDays
      ? `Exercise done on ${doneDays} of the last ${CHART_DAYS} days. Pain recorded on ${recorded.length} days` +
        (latest !== null ? `, latest ${latest} out of 10.` : ".") + " The table below lists each day."
      : "Nothing recorded yet.";
  }

  function drawTable() {
    const template = $(root, "template[data-lbeg-row]");
    const rows = lastDays(log, today(), CHART_DAYS).filter((d) => d.entry).reverse().map(({ day, entry }) => {
      const usual = usualOf(entry);
      const light = lightFor(entry.pain, usual, lights);
      return fromTemplate(template, {
        day: longDay(day),
        done: `${entry.done} of ${planned}`,
        pain: entry.pain === null ? "" : String(entry.pain),
        usual: usual === null ? "" : String(usual),
        light: light ? light.name : "",
        effort: entry.effort ? EFFORTS[entry.effort] : "",
      });
    });
    $(root, "[data-lbeg-rows]").replaceChildren(...rows);
    $(root, "[data-lbeg-no-rows]").hidden = rows.length > 0;
  }

  function draw() {
    drawToday();
    drawWeek();
    drawChart($(root, "[data-lbeg-chart]"));
    drawTable();
  }

  // The one-page summary, filled in just before it is printed.
  function fillSheet() {
    const sheet = document.querySelector("[data-lbeg-log-sheet]");
    if (!sheet) return;
    const blocks = weeks(log, today(), planned);
    slot(sheet, "title").textContent = programme.title || "My exercise programme";
    slot(sheet, "from").textContent = longDay(blocks[0].from, true);
    slot(sheet, "to").textContent = longDay(today(), true);
    slot(sheet, "usual").textContent = log.usual === null ? "not given" : String(log.usual);
    const chart = $(root, "[data-lbeg-chart]").cloneNode(true);
    chart.removeAttribute("aria-labelledby");
    chart.setAttribute("aria-label", $(chart, "desc").textContent);
    for (const part of $$(chart, "title, desc")) part.remove();
    slot(sheet, "chart").replaceChildren(chart);
    const row = $(sheet, "template[data-lbeg-week-row]");
    slot(sheet, "weeks").replaceChildren(...blocks.map((block) => {
      const days = lastDays(log, block.to, 7).filter((d) => d.entry);
      const counts = lights.map((light) => [light, days.filter((d) => {
        const found = lightFor(d.entry.pain, usualOf(d.entry), lights);
        return found && found.colour === light.colour;
      }).length]).filter(([, count]) => count);
      return fromTemplate(row, {
        week: `${longDay(block.from)} to ${longDay(block.to)}`,
        done: `${block.done} of ${block.planned}`,
        pain: block.pains.length ? `${Math.min(...block.pains)} to ${Math.max(...block.pains)}` : "none recorded",
        lights: counts.map(([light, count]) => `${light.name} ${count}`).join(", ") || "\u2013",
        effort: Object.entries(EFFORTS).map(([value, words]) => [words, days.filter((d) => d.entry.effort === value).length])
          .filter(([, count]) => count).map(([words, count]) => `${words} ${count}`).join(", ") || "\u2013",
      });
    }));
  }

  const printButton = $(root, "[data-lbeg-print-log]");
  printButton.onclick = () => {
    fillSheet();
    document.documentElement.classList.add(PRINT_CLASS);
    window.print();
  };
  const afterPrint = () => document.documentElement.classList.remove(PRINT_CLASS);
  window.addEventListener("afterprint", afterPrint);

  $(root, "[data-lbeg-csv]").onclick = () => {
    saveFile(fileName(programme.title, "-progress.csv"), "text/csv;charset=utf-8", toCsv(log, planned, lights, EFFORTS));
    announce("Your record was saved as a spreadsheet file.");
  };

  const confirm = $(root, "[data-lbeg-confirm]");
  $(root, "[data-lbeg-clear]").onclick = () => {
    confirm.hidden = false;
    $(confirm, "[data-lbeg-clear-no]").focus();
  };
  $(root, "[data-lbeg-clear-no]").onclick = () => {
    confirm.hidden = true;
    $(root, "[data-lbeg-clear]").focus();
  };
  $(root, "[data-lbeg-clear-yes]").onclick = () => {
    const result = clearLog(store(), key);
    forgetProgramme(fragment);
    confirm.hidden = true;
    $(root, "[data-lbeg-clear]").focus();
    if (!result.ok) {
      tell(result.message);
      return;
    }
    log = readLog(null, key, rules).log;
    tell("");
    announce("Your record for this programme has been deleted from this device.");
    draw();
  };

  draw();
  return () => {
    window.removeEventListener("afterprint", afterPrint);
    afterPrint();
  };
}

// Days marked done before the record had pain scores were kept under this key:
// "lbeg-done:" and the link's first 399 characters after the #.
function oldDoneKey(fragment) {
  return "lbeg-done:" + fragment.slice(0, 399);
}

function carryOverDays(log, fragment) {
  const old = oldDoneKey(fragment);
  try {
    const days = JSON.parse(store().getItem(old) || "[]");
    if (!Array.isArray(days)) return;
    for (const day of days) {
      if (typeof day === "string" && /^\d{4}-\d\d-\d\d$/.test(day) && !log.days[day]) dayEntry(log, day).done = 1;
    }
  } catch (error) {
    // Nothing sound to carry over.
  }
}

// The last programme opened on this device, so the installed app opens it again.
const LAST = "lbeg-last-programme";

export function rememberProgramme(fragment) {
  try {
    store().setItem(LAST, fragment);
  } catch (error) {
    // The app will open the guide's own start instead.
  }
}

export function lastProgramme() {
  try {
    const fragment = store().getItem(LAST);
    return typeof fragment === "string" && fragment.length <= MAX_LENGTH ? fragment : "";
  } catch (error) {
    return "";
  }
}

function forgetProgramme(fragment) {
  try {
    if (store().getItem(LAST) === fragment) store().removeItem(LAST);
    store().removeItem(oldDoneKey(fragment));
  } catch (error) {
    // Nothing more to clear.
  }
}
