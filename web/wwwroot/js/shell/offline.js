// The offline page, shown by the service worker in place of a page it could not fetch: reloads as
// soon as Viv answers again, so the person lands on the page they asked for.
const tryAgain = async () => {
  try {
    const answer = await fetch("/healthz", { cache: "no-store" });
    if (answer.ok) location.reload();
  } catch {
    // Still offline, or Viv is still away: the next try is a few seconds off.
  }
};

// "online" only says a network is back; Viv itself may still be away, hence the polling as well.
addEventListener("online", tryAgain);
setInterval(tryAgain, 5000);
