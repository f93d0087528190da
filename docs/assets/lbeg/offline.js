/* The guide on the device with no signal. It registers the service worker
   (sw.js, written into the site by lbeg/offline.py), asks it to keep pages,
   and says in one line when a newer version of the guide is ready. */

import { $, fromTemplate } from "./dom.js";
import { root, siteUrl } from "./page.js";

let registering = null;
let reloading = false;

function offerUpdate(registration) {
  const box = document.querySelector("[data-lbeg-update]");
  if (!box || !registration.waiting || !navigator.serviceWorker.controller || $(box, "button")) return;
  const line = fromTemplate($(box, "template"));
  $(line, "button").addEventListener("click", () => {
    const waiting = registration.waiting;
    if (!waiting) return;
    reloading = true;
    waiting.postMessage({ type: "update" });
  });
  box.appendChild(line);
}

// The worker's registration, or null where there is none.
export function registered() {
  if (!("serviceWorker" in navigator)) return Promise.resolve(null);
  if (!registering) {
    navigator.serviceWorker.addEventListener("controllerchange", () => {
      if (reloading) window.location.reload();
    });
    registering = navigator.serviceWorker.register(siteUrl("sw.js"), { scope: root.href }).then((registration) => {
      registration.addEventListener("updatefound", () => {
        const coming = registration.installing;
        coming.addEventListener("statechange", () => {
          if (coming.state === "installed") offerUpdate(registration);
        });
      });
      return registration;
    }, () => null);
  }
  return registering;
}

/* Ask the worker to keep these pages, and the files every page needs.
   Answers {saved, failed}, or null where pages cannot be kept. */
export function keep(urls) {
  return registered().then((registration) => {
    if (!registration) return null;
    return navigator.serviceWorker.ready.then((ready) => new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => resolve(event.data);
      ready.active.postMessage({ type: "keep", urls }, [channel.port2]);
    }));
  });
}

export function start() {
  registered().then((registration) => {
    if (registration) offerUpdate(registration);
  });
}
