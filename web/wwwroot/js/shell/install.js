// Makes Viv installable on every page, signed in or out: registers the service worker that keeps
// the shell for offline use, and offers "Install app" once the browser says Viv can be installed.
if ("serviceWorker" in navigator) {
  // updateViaCache "none": the browser asks the server for sw.js on every check, never its HTTP cache.
  navigator.serviceWorker.register("/sw.js", { scope: "/", updateViaCache: "none" })
    .catch((error) => console.warn("Viv runs without offline support here:", error));
}

let offer = null;

addEventListener("beforeinstallprompt", (event) => {
  // The browser's own banner would interrupt; the button waits in the menu until someone wants it.
  event.preventDefault();
  offer ??= installButton(event);
});

addEventListener("appinstalled", () => {
  offer?.remove();
  offer = null;
});

function installButton(prompt) {
  const menu = document.querySelector("header nav ul:last-of-type");
  if (!menu) return null;
  const item = document.createElement("li");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "secondary outline";
  button.textContent = "Install app";
  button.addEventListener("click", async () => {
    item.remove();
    offer = null;
    // A prompt can be shown once; if the person says no, the browser fires beforeinstallprompt again later.
    await prompt.prompt();
  });
  item.append(button);
  menu.prepend(item);
  return item;
}
