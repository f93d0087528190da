/* QR codes drawn in the browser by qrcode-generator (vendored, MIT; see
   assets/vendor/SOURCES.txt). It is a classic script, loaded only when a page
   first draws a code. */

const SVG = "http://www.w3.org/2000/svg";
let loading = null;

function loadLibrary() {
  if (window.qrcode) return Promise.resolve(window.qrcode);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = new URL("../vendor/qrcode-generator.js", import.meta.url).href;
      script.onload = () => resolve(window.qrcode);
      script.onerror = () => {
        loading = null;
        reject(new Error("the QR code library did not load"));
      };
      document.head.appendChild(script);
    });
  }
  return loading;
}

// Each drawing or clearing of a box outdates any drawing still waiting for the library.
function nextTurn(box) {
  box.lbegQr = (box.lbegQr || 0) + 1;
  return box.lbegQr;
}

export function clearQr(box) {
  nextTurn(box);
  box.replaceChildren();
}

export function drawQr(box, text, label) {
  const turn = nextTurn(box);
  return loadLibrary().then((qrcode) => {
    if (box.lbegQr !== turn) return;
    const qr = qrcode(0, "M");
    qr.addData(text);
    qr.make();
    const n = qr.getModuleCount();
    let d = "";
    for (let r = 0; r < n; r += 1) {
      for (let c = 0; c < n; c += 1) {
        if (qr.isDark(r, c)) d += "M" + (c + 2) + " " + (r + 2) + "h1v1h-1z";
      }
    }
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", `0 0 ${n + 4} ${n + 4}`);
    svg.setAttribute("class", "lbeg-qr");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", label);
    const back = document.createElementNS(SVG, "rect");
    back.setAttribute("width", n + 4);
    back.setAttribute("height", n + 4);
    back.setAttribute("fill", "#fff");
    const path = document.createElementNS(SVG, "path");
    path.setAttribute("d", d);
    path.setAttribute("fill", "#000");
    svg.append(back, path);
    box.replaceChildren(svg);
  }).catch(() => {
    if (box.lbegQr !== turn) return;
    const note = document.createElement("p");
    note.textContent = "The QR code could not be drawn. The link above still works.";
    box.replaceChildren(note);
  });
}
