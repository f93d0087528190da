/* A follow-along timer. It counts you in, times each hold, counts repeats, sets
   and sides, and says each step to screen readers. Beeps, vibration and spoken
   cues ("Hold", "3, 2, 1", "Relax") are optional, and off until chosen. It keeps
   the screen on while it runs, where the browser allows.
   Markup: lbeg/templates/timer.html. phases() has no DOM: Node tests it. */

const READY = 5;
const RELAX = 3;
const SWITCH = 5;
const REST = 20;
// Timed steps at least this long are counted down out loud over their last 3 seconds.
const COUNT_FROM = 5;

function plural(n, word) {
  return n + " " + word + (n === 1 ? "" : "s");
}

// The steps of one session, from a dose.
export function phases(dose) {
  const list = [{ label: "Get ready", secs: READY, where: "" }];
  if (dose.minutes && !dose.reps) {
    list.push({ label: "Keep going", secs: dose.minutes * 60, where: plural(dose.minutes, "minute") + " in all" });
  } else {
    const reps = Math.max(1, dose.reps || 1);
    const sets = Math.max(1, dose.sets || 1);
    const sides = dose.side === "each" ? ["first side", "second side"] : [""];
    for (let set = 1; set <= sets; set += 1) {
      sides.forEach((side, s) => {
        for (let rep = 1; rep <= reps; rep += 1) {
          let where = "Repeat " + rep + " of " + reps;
          if (sets > 1) where += ", set " + set + " of " + sets;
          if (side) where += ", " + side;
          if (dose.side === "alternate") where += rep % 2 ? ", first side" : ", other side";
          if (dose.hold) {
            list.push({ label: "Hold", secs: dose.hold, where });
            if (rep < reps) list.push({ label: "Relax", secs: RELAX, where: "" });
          } else if (dose.breaths) {
            list.push({ label: "Hold for " + plural(dose.breaths, "slow breath") + ", then press Next", secs: 0, where });
          } else {
            list.push({ label: "Do one repeat, then press Next", secs: 0, where });
          }
        }
        if (s < sides.length - 1) list.push({ label: "Switch sides", secs: SWITCH, where: "" });
      });
      if (set < sets) list.push({ label: "Rest", secs: dose.rest || REST, where: "" });
    }
  }
  list.push({ label: "Done. Well done", secs: 0, where: "", last: true });
  return list;
}

export class Timer {
  constructor(box) {
    const part = (name) => box.querySelector(`[data-lbeg-${name}]`);
    this.box = box;
    this.el = {
      phase: part("phase"), count: part("count"), where: part("where"), say: part("say"), go: part("go"),
      next: part("next"), stop: part("stop"), beep: part("beep"), buzz: part("buzz"), title: part("timer-title"),
      speak: part("speak"),
    };
    this.voice = window.speechSynthesis;
    if (this.voice) part("speech").hidden = false;
    this.counted = 0;
    this.inputs = Array.from(box.querySelectorAll("[data-lbeg-set]"));
    this.dose = {};
    this.list = [];
    this.index = -1;
    this.endsAt = 0;
    this.left = 0;
    this.running = false;
    this.lock = null;
    this.ticker = null;
    this.el.go.onclick = () => this.toggle();
    this.el.next.onclick = () => this.advance();
    this.el.stop.onclick = () => this.stop("Stopped");
    this.onVisible = () => {
      if (document.visibilityState === "visible" && this.running) this.keepAwake();
    };
    document.addEventListener("visibilitychange", this.onVisible);
  }

  // The page is going: stop, and let go of the document and the screen.
  destroy() {
    this.stop("Stopped");
    document.removeEventListener("visibilitychange", this.onVisible);
  }

  load(dose, name) {
    this.stop("Ready when you are");
    this.dose = dose;
    this.name = name;
    for (const input of this.inputs) {
      const key = input.dataset.lbegSet;
      input.value = dose[key] || "";
      input.closest("p").hidden = key === "hold" ? !dose.hold : !dose.reps;
    }
  }

  current() {
    const dose = { ...this.dose };
    for (const input of this.inputs) {
      const value = parseInt(input.value, 10);
      const shown = !input.closest("p").hidden;
      if (shown && value >= parseInt(input.min, 10) && value <= parseInt(input.max, 10)) dose[input.dataset.lbegSet] = value;
    }
    return dose;
  }

  toggle() {
    if (this.running) this.pause();
    else if (this.index >= 0 && this.index < this.list.length - 1) this.resume();
    else this.start();
  }

  start() {
    this.list = phases(this.current());
    this.index = -1;
    this.running = true;
    this.el.next.disabled = false;
    this.el.stop.disabled = false;
    this.el.go.textContent = "Pause";
    this.keepAwake();
    window.clearInterval(this.ticker);
    this.ticker = window.setInterval(() => this.tick(), 200);
    this.advance();
  }

  pause() {
    this.running = false;
    this.quiet();
    this.left = Math.max(0, this.endsAt - Date.now());
    this.el.go.textContent = "Resume";
    this.say("Paused");
    this.letSleep();
  }

  resume() {
    this.running = true;
    this.endsAt = Date.now() + this.left;
    this.el.go.textContent = "Pause";
    this.say("Going again. " + this.list[this.index].label);
    this.keepAwake();
  }

  stop(message) {
    this.quiet();
    window.clearInterval(this.ticker);
    this.ticker = null;
    this.running = false;
    this.index = -1;
    this.el.go.textContent = "Start";
    this.el.next.disabled = true;
    this.el.stop.disabled = true;
    this.el.phase.textContent = message;
    this.el.count.textContent = "\u00a0";
    this.el.where.textContent = "\u00a0";
    this.letSleep();
  }

  advance() {
    this.index += 1;
    const step = this.list[this.index];
    if (!step) return;
    this.el.phase.textContent = step.label;
    this.el.where.textContent = step.where || "\u00a0";
    this.el.count.textContent = step.secs ? String(step.secs) : "\u00a0";
    this.endsAt = Date.now() + step.secs * 1000;
    this.left = step.secs * 1000;
    this.say(step.label + (step.where ? ". " + step.where : "") + (step.secs ? ". " + plural(step.secs, "second") : ""));
    this.counted = 0;
    this.quiet();
    this.speak(step.label);
    this.signal(step.last);
    if (step.last) {
      window.clearInterval(this.ticker);
      this.ticker = null;
      this.running = false;
      this.el.go.textContent = "Start again";
      this.el.next.disabled = true;
      this.el.stop.disabled = true;
      this.letSleep();
    }
  }

  tick() {
    const step = this.list[this.index];
    if (!this.running || !step || !step.secs) return;
    const left = this.endsAt - Date.now();
    if (left <= 0) {
      this.advance();
      return;
    }
    const count = Math.ceil(left / 1000);
    this.el.count.textContent = String(count);
    if (step.secs >= COUNT_FROM && count <= 3 && count !== this.counted) {
      this.counted = count;
      this.speak(String(count));
    }
  }

  // Spoken cues, where the device can speak and the reader asked for them.
  speak(words) {
    if (!this.voice || !this.el.speak.checked) return;
    try {
      const utterance = new window.SpeechSynthesisUtterance(words);
      utterance.lang = "en-GB";
      this.voice.speak(utterance);
    } catch (error) {
      this.el.speak.checked = false;
    }
  }

  quiet() {
    if (this.voice && this.el.speak.checked) this.voice.cancel();
  }

  say(words) {
    this.el.say.textContent = words;
  }

  signal(last) {
    if (this.el.buzz.checked && navigator.vibrate) navigator.vibrate(last ? [200, 100, 200] : 150);
    if (!this.el.beep.checked) return;
    try {
      const Audio = window.AudioContext || window.webkitAudioContext;
      this.audio = this.audio || new Audio();
      const tone = this.audio.createOscillator();
      const gain = this.audio.createGain();
      tone.frequency.value = last ? 660 : 880;
      gain.gain.value = 0.15;
      tone.connect(gain).connect(this.audio.destination);
      tone.start();
      tone.stop(this.audio.currentTime + 0.15);
    } catch (error) {
      this.el.beep.checked = false;
    }
  }

  keepAwake() {
    if (!navigator.wakeLock || this.lock) return;
    navigator.wakeLock.request("screen").then((lock) => {
      this.lock = lock;
      lock.addEventListener("release", () => { this.lock = null; });
    }).catch(() => {});
  }

  letSleep() {
    if (this.lock) this.lock.release().catch(() => {});
    this.lock = null;
  }
}

// The timer on an exercise page, set to the exercise's dose.
export function start() {
  const box = document.querySelector("[data-lbeg-timer]");
  if (!box || box.lbegTimer) return undefined;
  const timer = new Timer(box);
  box.lbegTimer = timer;
  const dose = JSON.parse(box.dataset.dose || "{}");
  if (dose.reps || dose.minutes) {
    timer.load(dose, box.dataset.name);
    box.hidden = false;
  }
  return () => timer.destroy();
}
