/* Small helpers for the guide's scripts. Text from a link or from data is only
   ever set with textContent, never as HTML. */

export function $(root, selector) {
  return root.querySelector(selector);
}

export function $$(root, selector) {
  return Array.from(root.querySelectorAll(selector));
}

// A copy of a <template>'s element. Each [data-lbeg-slot] named in `texts`
// gets that text; the page's Jinja templates draw the markup.
export function fromTemplate(template, texts = {}) {
  const element = template.content.firstElementChild.cloneNode(true);
  for (const [name, text] of Object.entries(texts)) slot(element, name).textContent = text;
  return element;
}

export function slot(element, name) {
  return element.querySelector(`[data-lbeg-slot="${name}"]`);
}

// Marks a scripted part as working: the style sheet keeps it invisible until then.
export function ready(element) {
  element.dataset.lbegReady = "";
}

export function isReady(element) {
  return element.dataset.lbegReady !== undefined;
}

// Copy a text field's value, saying what happened through `say`.
export function copyField(field, say) {
  function fallback() {
    field.select();
    say(document.execCommand && document.execCommand("copy") ? "Link copied." : "Select the link and copy it.");
  }
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(field.value).then(() => say("Link copied."), fallback);
  } else {
    fallback();
  }
}

// Save text as a file on the device, made here and never sent anywhere.
export function saveFile(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// A file name from a title: "Back plan for Sam" -> "back-plan-for-sam" + ending.
export function fileName(title, ending) {
  const words = String(title || "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40);
  return (words || "exercise-programme") + ending;
}
