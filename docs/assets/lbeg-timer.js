/* Lower Back Exercise Guide: a follow-along timer. It counts you in, times
   each hold, counts repeats, sets and sides, and says each step out loud to
   screen readers. Beeps and vibration are optional. It keeps the screen on
   while it runs, where the browser allows. */
(function () {
  "use strict";

  var READY = 5;
  var RELAX = 3;
  var SWITCH = 5;
  var REST = 20;
  var active = null;

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  // The steps of one session, from a dose.
  function phases(dose) {
    var list = [{ label: "Get ready", secs: READY, where: "" }];
    if (dose.minutes && !dose.reps) {
      list.push({ label: "Keep going", secs: dose.minutes * 60, where: plural(dose.minutes, "minute") + " in all" });
    } else {
      var reps = Math.max(1, dose.reps || 1);
      var sets = Math.max(1, dose.sets || 1);
      var sides = dose.side === "each" ? ["first side", "second side"] : [""];
      for (var set = 1; set <= sets; set += 1) {
        sides.forEach(function (side, s) {
          for (var rep = 1; rep <= reps; rep += 1) {
            var where = "Repeat " + rep + " of " + reps;
            if (sets > 1) where += ", set " + set + " of " + sets;
            if (side) where += ", " + side;
            if (dose.side === "alternate") where += rep % 2 ? ", first side" : ", other side";
            if (dose.hold) {
              list.push({ label: "Hold", secs: dose.hold, where: where });
              if (rep < reps) list.push({ label: "Relax", secs: RELAX, where: "" });
            } else if (dose.breaths) {
              list.push({ label: "Hold for " + plural(dose.breaths, "slow breath") + ", then press Next", secs: 0, where: where });
            } else {
              list.push({ label: "Do one repeat, then press Next", secs: 0, where: where });
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

  function Timer(box) {
    this.box = box;
    this.el = {
      phase: box.querySelector("[data-lbeg-phase]"),
      count: box.querySelector("[data-lbeg-count]"),
      where: box.querySelector("[data-lbeg-where]"),
      say: box.querySelector("[data-lbeg-say]"),
      go: box.querySelector("[data-lbeg-go]"),
      next: box.querySelector("[data-lbeg-next]"),
      stop: box.querySelector("[data-lbeg-stop]"),
      beep: box.querySelector("[data-lbeg-beep]"),
      buzz: box.querySelector("[data-lbeg-buzz]"),
      title: box.querySelector("[data-lbeg-timer-title]")
    };
    this.inputs = Array.prototype.slice.call(box.querySelectorAll("[data-lbeg-set]"));
    this.dose = {};
    this.list = [];
    this.index = -1;
    this.endsAt = 0;
    this.left = 0;
    this.running = false;
    this.lock = null;
    this.ticker = null;
    var self = this;
    this.el.go.addEventListener("click", function () { self.toggle(); });
    this.el.next.addEventListener("click", function () { self.advance(); });
    this.el.stop.addEventListener("click", function () { self.stop("Stopped"); });
    this.onVisible = function () {
      if (document.visibilityState === "visible" && self.running) self.keepAwake();
    };
    document.addEventListener("visibilitychange", this.onVisible);
  }

  Timer.prototype.load = function (dose, name) {
    this.stop("Ready when you are");
    this.dose = dose;
    this.name = name;
    this.inputs.forEach(function (input) {
      var key = input.dataset.lbegSet;
      input.value = dose[key] || "";
      input.closest("p").hidden = key === "hold" ? !dose.hold : !dose.reps;
    });
  };

  Timer.prototype.current = function () {
    var dose = {};
    for (var key in this.dose) dose[key] = this.dose[key];
    this.inputs.forEach(function (input) {
      var value = parseInt(input.value, 10);
      var key = input.dataset.lbegSet;
      if (!input.closest("p").hidden && value >= parseInt(input.min, 10) && value <= parseInt(input.max, 10)) dose[key] = value;
    });
    return dose;
  };

  Timer.prototype.toggle = function () {
    if (this.running) {
      this.pause();
    } else if (this.index >= 0 && this.index < this.list.length - 1) {
      this.resume();
    } else {
      this.start();
    }
  };

  Timer.prototype.start = function () {
    if (active && active !== this) active.stop("Ready when you are");
    active = this;
    this.list = phases(this.current());
    this.index = -1;
    this.running = true;
    this.el.next.disabled = false;
    this.el.stop.disabled = false;
    this.el.go.textContent = "Pause";
    this.keepAwake();
    var self = this;
    this.ticker = window.setInterval(function () { self.tick(); }, 200);
    this.advance();
  };

  Timer.prototype.pause = function () {
    this.running = false;
    this.left = Math.max(0, this.endsAt - Date.now());
    this.el.go.textContent = "Resume";
    this.say("Paused");
    this.letSleep();
  };

  Timer.prototype.resume = function () {
    this.running = true;
    this.endsAt = Date.now() + this.left;
    this.el.go.textContent = "Pause";
    this.say("Going again. " + this.list[this.index].label);
    this.keepAwake();
  };

  Timer.prototype.stop = function (message) {
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
  };

  Timer.prototype.advance = function () {
    this.index += 1;
    var step = this.list[this.index];
    if (!step) return;
    this.el.phase.textContent = step.label;
    this.el.where.textContent = step.where || "\u00a0";
    this.el.count.textContent = step.secs ? String(step.secs) : "\u00a0";
    this.endsAt = Date.now() + step.secs * 1000;
    this.left = step.secs * 1000;
    var words = step.label + (step.where ? ". " + step.where : "") + (step.secs ? ". " + plural(step.secs, "second") : "");
    this.say(words);
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
  };

  Timer.prototype.tick = function () {
    var step = this.list[this.index];
    if (!this.running || !step || !step.secs) return;
    var left = this.endsAt - Date.now();
    if (left <= 0) {
      this.advance();
    } else {
      this.el.count.textContent = String(Math.ceil(left / 1000));
    }
  };

  Timer.prototype.say = function (words) {
    this.el.say.textContent = words;
  };

  Timer.prototype.signal = function (last) {
    if (this.el.buzz.checked && navigator.vibrate) navigator.vibrate(last ? [200, 100, 200] : 150);
    if (!this.el.beep.checked) return;
    try {
      var Audio = window.AudioContext || window.webkitAudioContext;
      this.audio = this.audio || new Audio();
      var tone = this.audio.createOscillator();
      var gain = this.audio.createGain();
      tone.frequency.value = last ? 660 : 880;
      gain.gain.value = 0.15;
      tone.connect(gain).connect(this.audio.destination);
      tone.start();
      tone.stop(this.audio.currentTime + 0.15);
    } catch (error) {
      this.el.beep.checked = false;
    }
  };

  Timer.prototype.keepAwake = function () {
    var self = this;
    if (!navigator.wakeLock || this.lock) return;
    navigator.wakeLock.request("screen").then(function (lock) {
      self.lock = lock;
      lock.addEventListener("release", function () { self.lock = null; });
    }).catch(function () {});
  };

  Timer.prototype.letSleep = function () {
    if (this.lock) this.lock.release().catch(function () {});
    this.lock = null;
  };

  function setUp() {
    var box = document.querySelector("[data-lbeg-timer]");
    if (!box || box.lbegTimer) return;
    var timer = new Timer(box);
    box.lbegTimer = timer;
    var dose = JSON.parse(box.dataset.dose || "{}");
    if (dose.reps || dose.minutes) {
      timer.load(dose, box.dataset.name);
      box.hidden = false;
    }
  }

  window.LBEG = window.LBEG || {};
  window.LBEG.timer = { phases: phases, setUp: setUp };
  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(function () {
      if (active && !document.body.contains(active.box)) active.stop("Stopped");
      setUp();
    });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
