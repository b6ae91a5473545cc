// Short messages for live events, shown in the page's polite live region so screen readers read them too.
// A message is text, or the nodes of a sentence (isolate.js) when it quotes what someone wrote.

const visibleMs = 15_000;

function add(region, message, className) {
  const notice = document.createElement("p");
  notice.className = className;
  // One element for the words, so a sentence with isolated names flows as one line of text.
  const words = document.createElement("span");
  words.append(...[message].flat());
  notice.append(words);
  region.append(notice);
  return notice;
}

// A notice stays while the pointer or the focus is on it, so it can be read to the end and dismissed.
function expireLater(notice) {
  const expire = () => (notice.matches(":hover, :focus-within") ? setTimeout(expire, 2_000) : notice.remove());
  setTimeout(expire, visibleMs);
}

export function notify(region, message) {
  const notice = add(region, message, "notice");
  const dismiss = document.createElement("button");
  dismiss.type = "button";
  dismiss.className = "dismiss";
  dismiss.setAttribute("aria-label", "Dismiss");
  const icon = document.createElement("span");
  icon.className = "icon icon-close";
  icon.setAttribute("aria-hidden", "true");
  dismiss.append(icon);
  dismiss.addEventListener("click", () => notice.remove());
  notice.append(dismiss);
  expireLater(notice);
}

/** For screen readers only: news the screen already shows another way (a ringing dialog, a presence word in a list). */
export function announce(region, message) {
  expireLater(add(region, message, "visually-hidden"));
}
