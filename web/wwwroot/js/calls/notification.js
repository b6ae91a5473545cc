// A system notification for a call that rings while Viv's tab is hidden. It needs two things: the
// browser's permission, asked only when the person presses the button in Settings (never on page
// load), and the person's own choice, kept on this device, so they can turn it off without digging
// in the browser's settings.
import { namedText } from "../shell/people.js";

const choice = "viv.callNotifications";
const supported = () => "Notification" in window;
const chosen = () => localStorage.getItem(choice) === "on";
const permission = () => (supported() ? Notification.permission : "unsupported");
const on = () => permission() === "granted" && chosen();

/** The settings section: a sentence saying where things stand and one button to turn call notifications on or off. */
export function showNotificationSettings(section) {
  const state = section.querySelector("[data-notification-state]");
  const toggle = section.querySelector("[data-notification-toggle]");
  const show = () => {
    state.textContent =
      { unsupported: "This browser cannot show call notifications.", denied: "Call notifications are blocked in your browser settings." }[permission()] ??
      (on() ? "Call notifications are on." : "Call notifications are off.");
    toggle.hidden = permission() === "unsupported" || permission() === "denied";
    toggle.textContent = on() ? "Turn off call notifications" : "Turn on call notifications";
  };
  toggle.addEventListener("click", async () => {
    if (on()) localStorage.removeItem(choice);
    else if ((await Notification.requestPermission()) === "granted") localStorage.setItem(choice, "on");
    show();
  });
  // The person may change the permission in the browser while the page is open.
  navigator.permissions?.query({ name: "notifications" }).then((status) => status.addEventListener("change", show), () => {});
  show();
}

/**
 * Raises the notification for a ringing call if the tab is hidden and notifications are on; clicking
 * it brings the tab forward and hands over to onClick. Returns what closes it (answered, declined,
 * cancelled, missed), which does nothing when there is none.
 */
export function notifyIncomingCall({ callId, caller, kind, icon, onClick }) {
  if (document.visibilityState !== "hidden" || !on()) return () => {};
  const title = `${namedText(caller)} is calling`;
  const options = { body: kind, tag: callId, requireInteraction: true, icon };
  let notification;
  try {
    notification = new Notification(title, options);
  } catch {
    // Android's Chrome shows notifications only through a service worker.
    return notifyThroughWorker(title, options, onClick);
  }
  notification.onclick = () => {
    window.focus();
    notification.close();
    onClick();
  };
  return () => notification.close();
}

// The worker (sw.js) shows it; a click there brings this window forward and sends back the tag.
function notifyThroughWorker(title, options, onClick) {
  const worker = navigator.serviceWorker;
  if (!worker) return () => {};
  const clicked = ({ data }) => data?.type === "notificationclick" && data.tag === options.tag && onClick();
  worker.addEventListener("message", clicked);
  const shown = worker.ready.then(async (registration) => {
    await registration.showNotification(title, options);
    return registration;
  });
  // A call that rings without its notification (the permission withdrawn meanwhile, the browser
  // refusing) says why in the console, where whoever helps the person will look.
  shown.catch((reason) => console.error(`The notification for call ${options.tag} could not be shown: ${reason}`));
  return async () => {
    worker.removeEventListener("message", clicked);
    const registration = await shown.catch(() => null);
    (await registration?.getNotifications({ tag: options.tag }))?.forEach((n) => n.close());
  };
}
