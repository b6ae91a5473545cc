// Short messages for live events, shown in the page's polite live region so screen readers read them too.

const visibleMs = 15_000;

export function notify(region, text) {
  const notice = document.createElement("p");
  notice.className = "notice";
  notice.textContent = text;
  region.append(notice);
  setTimeout(() => notice.remove(), visibleMs);
}
