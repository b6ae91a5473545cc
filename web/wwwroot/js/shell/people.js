// How a person is drawn: picture, full name, username. Text only through textContent, names isolated.
// Two people may share a full name but never a username, so wherever a name says who someone is
// (lists, calls, notices, meetings, notifications) their @username goes with it.
import { isolate, isolatedString } from "./isolate.js";

export const presenceWords = { online: "Online", mobile: "Mobile", inCall: "In a call", offline: "Offline" };

const handle = (profile) => `@${profile.username}`;

/** A full name followed by its @username, as nodes, each in its own isolate. */
export function named(profile) {
  const username = isolate(handle(profile));
  username.className = "handle";
  return [isolate(profile.fullName), " ", username];
}

/** The same as a string of isolated pieces, for text people read where only a string fits (tab title, notification). */
export const namedText = (profile) => `${isolatedString(profile.fullName)} ${isolatedString(handle(profile))}`;

/** The same as plain words, for an accessible label. */
export const namedLabel = (profile) => `${profile.fullName} ${handle(profile)}`;

export function pictureUrl(profile) {
  return `/users/${profile.id}/picture?v=${profile.pictureVersion ?? 0}`;
}

/** Someone's picture beside their name: decorative, so it has no text of its own. */
export function avatar(profile, className = "avatar") {
  const picture = document.createElement("img");
  picture.className = className;
  picture.src = pictureUrl(profile);
  picture.alt = "";
  return picture;
}

export function personItem(profile) {
  const item = document.createElement("li");
  item.className = "person";
  item.dataset.userId = profile.id;
  const picture = avatar(profile);
  picture.width = picture.height = 40;
  const who = document.createElement("div");
  who.className = "who";
  const name = document.createElement("strong");
  name.append(isolate(profile.fullName));
  const username = document.createElement("small");
  username.append(isolate(handle(profile)));
  who.append(name, " ", username);
  const actions = document.createElement("div");
  actions.className = "actions";
  item.append(picture, who, actions);
  return { item, who, actions };
}

// The icon beside each action's label (css/icons.css); the label alone is the button's name.
const icons = {
  "Video call": "videocam", "Voice call": "call", "Schedule meeting": "event", "Add contact": "person-add",
  Accept: "check", Decline: "close", Block: "block", Unblock: "lock-open", Delete: "delete", Join: "videocam",
  Reschedule: "event", "Cancel meeting": "close", Add: "person-add",
  Mute: "mic-off", Unmute: "mic", "Camera off": "videocam-off", "Camera on": "videocam",
  "Share screen": "screen-share", "Stop sharing": "stop-screen-share", "Raise hand": "back-hand", "Lower hand": "back-hand",
};

/** Sets a control's label, with its icon when it has one. */
export function label(control, text) {
  const icon = document.createElement("span");
  icon.className = `icon icon-${icons[text]}`;
  icon.setAttribute("aria-hidden", "true");
  control.replaceChildren(...(icons[text] ? [icon] : []), text);
}

export function button(text, onClick, variant = "") {
  const b = document.createElement("button");
  b.type = "button";
  label(b, text);
  if (variant) b.className = variant;
  b.addEventListener("click", async () => {
    b.disabled = true;
    try {
      await onClick();
    } finally {
      b.disabled = false;
    }
  });
  return b;
}

export function tag(text, className) {
  const span = document.createElement("span");
  span.className = className;
  span.textContent = text;
  return span;
}

/**
 * Redraws a list of people and puts focus back where it was: on the same person's button with the
 * same words, or on their item's first button when that one is gone. Without this, a presence
 * change anywhere would drop a keyboard user's focus to the top of the page.
 */
export function redrawKeepingFocus(list, redraw) {
  const focused = document.activeElement;
  const item = list.contains(focused) ? focused.closest("[data-user-id]") : null;
  redraw();
  if (!item || focused.isConnected) return;
  const again = [...list.querySelectorAll("[data-user-id]")].find((li) => li.dataset.userId === item.dataset.userId);
  const buttons = [...(again?.querySelectorAll("button:not(:disabled)") ?? [])];
  (buttons.find((b) => b.textContent === focused.textContent) ?? buttons[0])?.focus();
}
