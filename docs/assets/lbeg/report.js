/* The "page not found" page is served at any missing address, so the build cannot
   know it: its report link holds a stand-in, replaced here by the address the
   reader tried. Without scripts, the stand-in's words still make a usable report. */

export function start() {
  for (const link of document.querySelectorAll("a[data-lbeg-report-address]")) {
    const stand = encodeURIComponent(link.dataset.lbegReportAddress);
    link.href = link.href.split(stand).join(encodeURIComponent(window.location.href));
  }
}
