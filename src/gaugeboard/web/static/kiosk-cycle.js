// Wall-screen cycling (?kiosk=1&cycle=SECONDS): after the given time, open the next
// dashboard of the folder. The server names the next page, so a reload keeps the order.

const marker = document.querySelector(".gb-kiosk-cycle");
const seconds = Number(marker?.dataset.seconds);
const next = marker?.dataset.next;

if (next && Number.isFinite(seconds) && seconds > 0) {
  const target = new URL(next, document.baseURI);
  // Only ever move within this site.
  if (target.origin === window.location.origin) {
    window.setTimeout(() => window.location.assign(target.href), seconds * 1000);
  }
}
