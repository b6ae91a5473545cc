// Short messages for live events, shown in the page's polite live region so screen readers read them too.
// A message is text, or the nodes of a sentence (isolate.js) when it quotes what someone wrote.

const visibleMs = 15_000;

function add(region, message, className) {
  const notice = document.createElement("p");
  notice.className = className;
  notice.append(...[message].flat());
  region.append(notice);
  setTimeout(() => notice.remove(), visibleMs);
}

export function notify(region, message) {
  add(region, message, "notice");
}

/** For screen readers only: news the screen already shows another way (a ringing dialog, a presence word in a list). */
export function announce(region, message) {
  add(region, message, "visually-hidden");
}
