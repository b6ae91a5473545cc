// Short messages for live events, shown in the page's polite live region so screen readers read them too.
// A message is text, or the nodes of a sentence (isolate.js) when it quotes what someone wrote.

const visibleMs = 15_000;

export function notify(region, message) {
  const notice = document.createElement("p");
  notice.className = "notice";
  notice.append(...[message].flat());
  region.append(notice);
  setTimeout(() => notice.remove(), visibleMs);
}
