// The programme link codec, run directly in Node: `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { decode, encode, forBuilder } from "../../docs/assets/lbeg/codec.js";
import { RULES } from "./rules.js";

const CATALOGUE = {
  exercises: {
    "pelvic-tilt": { name: "Pelvic tilt" },
    "bird-dog": { name: "Bird dog" },
    "glute-bridge": { name: "Glute bridge" },
    "side-plank-knees": { name: "Side plank on your knees" },
  },
  aliases: { bridge: "glute-bridge" },
  rules: RULES,
};

const dose = (given) => ({ hold: 0, breaths: 0, reps: 0, sets: 0, minutes: 0, day: 0, week: 0, side: "", ...given });

test("encode then decode gives back the same programme", () => {
  const programme = {
    title: "A ~ title. with * odd_chars (and) 'quotes' + more",
    note: "Line one\nline two ✓",
    items: [
      { slug: "glute-bridge", dose: dose({ breaths: 3, reps: 10, sets: 2, week: 5 }), note: "a.b~c" },
      { slug: "side-plank-knees", dose: dose({ hold: 10, reps: 2, sets: 1, day: 1, side: "each" }), note: "" },
    ],
  };
  assert.deepEqual(decode(encode(programme), CATALOGUE), { ok: true, programme });
});

test("a link reads as the README describes it", () => {
  const found = decode("#1~Back+plan~Once+a+day~pelvic-tilt.h2r5s1d3~bird-dog.h5r8ed1", CATALOGUE);
  assert.equal(found.ok, true);
  assert.equal(found.programme.title, "Back plan");
  assert.deepEqual(found.programme.items.map((i) => i.slug), ["pelvic-tilt", "bird-dog"]);
  assert.deepEqual(found.programme.items[1].dose, dose({ hold: 5, reps: 8, side: "each", day: 1 }));
});

test("another name of an exercise opens the exercise", () => {
  assert.equal(decode("1~~~bridge.r5d1", CATALOGUE).programme.items[0].slug, "glute-bridge");
});

const TAMPERED = {
  "unknown exercise": ["1~~~moon-walk.r5d1", "does not have: “moon-walk”"],
  "zero repeats": ["1~~~glute-bridge.r0d1", "number of repeats for Glute bridge must be from 1 to 30, not 0"],
  "negative repeats": ["1~~~glute-bridge.r-5d1", "not complete, or it has been changed"],
  "ten minute hold": ["1~~~glute-bridge.h600r5d1", "hold for Glute bridge must be from 1 to 120, not 600"],
  "missing amount": ["1~~~glute-bridge.d1", "amount to do for Glute bridge is missing"],
  "missing how often": ["1~~~glute-bridge.r5", "How often to do Glute bridge is missing"],
  "sessions twice": ["1~~~glute-bridge.r5d1d2", "sessions a day for Glute bridge is given twice"],
  "repeats twice": ["1~~~glute-bridge.r5r6d1", "number of repeats for Glute bridge is given twice"],
  "sides twice": ["1~~~glute-bridge.r5ead1", "sides for Glute bridge are given twice"],
  "both holds": ["1~~~glute-bridge.h5b3r5d1", "hold for Glute bridge is given twice"],
  "future version": ["7~Hi~~glute-bridge.r5d1", "newer version of the guide"],
  "garbage": ["%%%~~~", "not complete, or it has been changed"],
  "bad percent in a note": ["1~~~glute-bridge.r5d1.%ZZ", "not complete, or it has been changed"],
  "nothing": ["", "no programme in it"],
  "no exercises": ["1~Title~Note", "no exercises in it"],
  "oversize": ["1~" + "a".repeat(5000) + "~~glute-bridge.r5d1", "too long to be a programme"],
  "long title": ["1~" + "a".repeat(81) + "~~glute-bridge.r5d1", "title or note in this link is too long"],
  "long note": ["1~~~glute-bridge.r5d1." + "a".repeat(121), "A note in this link is too long"],
  "twice": ["1~~~glute-bridge.r5d1~glute-bridge.r5d1", "lists Glute bridge twice"],
  "too many": ["1~~" + "~glute-bridge.r5d1".repeat(21), "more than 20 exercises"],
};

test("a dose may say both sessions a day and days a week", () => {
  const found = decode("1~~~glute-bridge.r5d1w5", CATALOGUE);
  assert.equal(found.ok, true);
  assert.deepEqual([found.programme.items[0].dose.day, found.programme.items[0].dose.week], [1, 5]);
});

for (const [name, [fragment, message]] of Object.entries(TAMPERED)) {
  test(`a tampered link is refused in plain words: ${name}`, () => {
    const found = decode(fragment, CATALOGUE);
    assert.equal(found.ok, false);
    assert.ok(found.message.includes(message), found.message);
  });
}

test("the limits are the catalogue's, not the codec's own", () => {
  const strict = structuredClone(CATALOGUE);
  strict.rules.limits.reps[1] = 12;
  strict.rules.items = 1;
  assert.ok(decode("1~~~glute-bridge.r13d1", strict).message.includes("must be from 1 to 12, not 13"));
  assert.ok(decode("1~~~glute-bridge.r5d1~bird-dog.r5d1", strict).message.includes("more than 1 exercises"));
  assert.equal(decode("1~~~glute-bridge.r13d1", CATALOGUE).ok, true);
});

test("the builder's message leaves out the advice for the person given the link", () => {
  const found = decode("1~~~glute-bridge.r500d1", CATALOGUE);
  assert.equal(forBuilder(found.message), "The number of repeats for Glute bridge must be from 1 to 30, not 500.");
});

// A small seeded generator, so a failure can be run again.
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VALID = "1~Plan~Note~pelvic-tilt.h2r5s1d3~bird-dog.h5r8s1ed1.Go+slowly";
const TOKENS = [..."~.+%hbrsmdwea-0123456789", "pelvic-tilt", "glute-bridge", "%7E", "%ZZ", "%E2%80", "~1~", "r30", "h121"];

function fragments(count, seed) {
  const next = random(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const text = (max) => Array.from({ length: Math.floor(next() * max) }, () => String.fromCodePoint(Math.floor(next() * 0x2fff))).join("");
  const out = [];
  for (let i = 0; i < count; i += 1) {
    const kind = i % 3;
    if (kind === 0) out.push(text(200));
    else if (kind === 1) out.push(Array.from({ length: Math.floor(next() * 40) }, () => pick(TOKENS)).join(""));
    else {
      const a = Math.floor(next() * VALID.length);
      const b = Math.floor(next() * VALID.length);
      out.push(VALID.slice(0, a) + text(8) + VALID.slice(b));
    }
  }
  return out;
}

test("the decoder never throws and never accepts nonsense", () => {
  let accepted = 0;
  for (const fragment of fragments(3000, 20261129)) {
    const found = decode(fragment, CATALOGUE);
    if (!found.ok) {
      assert.equal(typeof found.message, "string");
      assert.ok(found.message.length > 0);
      continue;
    }
    accepted += 1;
    const items = found.programme.items;
    assert.ok(items.length >= 1 && items.length <= 20, fragment);
    for (const item of items) {
      assert.ok(Object.hasOwn(CATALOGUE.exercises, item.slug), fragment);
      assert.ok(item.dose.reps || item.dose.minutes, fragment);
      assert.notEqual(Boolean(item.dose.day), Boolean(item.dose.week), fragment);
      for (const [key, [, high]] of Object.entries(RULES.limits)) assert.ok(item.dose[key] >= 0 && item.dose[key] <= high, fragment);
    }
  }
  assert.ok(accepted > 0, "some changed links are still valid programmes");
});
