// Raising a hand and sending a reaction: a hand stays on the tile for everyone until it is lowered
// (or its owner has spoken for a few seconds), a reaction floats over the sender's tile for a few
// seconds. Both travel over the call's chat channels (chat.js), browser to browser whether the
// media goes direct or through the media server, so the server never hears them. A message is
// taken only if it is one of these exact shapes: a forged one shows as nothing, never as markup.
import { sentence } from "../shell/isolate.js";
import { label, named } from "../shell/people.js";
import { whenSpeaking } from "./speech.js";

const $ = (selector) => document.querySelector(selector);

export const reactions = Object.freeze([
  { emoji: "👍", name: "Thumbs up" },
  { emoji: "👏", name: "Applause" },
  { emoji: "😂", name: "Laughing" },
  { emoji: "❤️", name: "Heart" },
  { emoji: "🎉", name: "Celebration" },
  { emoji: "😮", name: "Surprised" },
]);

/** At most this many reactions from one person in `windowMs`, as sent and as received: more are dropped. */
export const reactionLimit = Object.freeze({ count: 5, windowMs: 10_000 });
const floatMs = 4_000;

function limiter() {
  const sent = new Map(); // who → the times of their recent reactions
  return (who) => {
    const now = performance.now();
    const recent = (sent.get(who) ?? []).filter((at) => now - at < reactionLimit.windowMs);
    const allowed = recent.length < reactionLimit.count;
    if (allowed) recent.push(now);
    sent.set(who, recent);
    return allowed;
  };
}

/** Marks a tile (a figure) with a raised hand or not. */
function markHand(tile, raised) {
  let mark = tile.querySelector(".hand");
  if (!raised) return mark?.remove();
  if (mark) return;
  mark = document.createElement("span");
  mark.className = "hand";
  const icon = document.createElement("span");
  icon.className = "icon icon-back-hand";
  icon.setAttribute("aria-hidden", "true");
  mark.append(icon, "Hand raised");
  tile.querySelector("figcaption").append(" ", mark);
}

/** A reaction floating over a tile for a few seconds; screen readers hear it from the live region instead. */
function float(tile, emoji) {
  const shown = document.createElement("span");
  shown.className = "reaction";
  shown.setAttribute("aria-hidden", "true");
  shown.textContent = emoji;
  tile.append(shown);
  setTimeout(() => shown.remove(), floatMs);
}

export function createGestures({ state, chat, stage, media, announce, notify }) {
  const ui = {
    hand: $("[data-call-hand]"),
    reactions: $("[data-call-reactions]"),
    menu: $("[data-call-reaction-menu]"),
    local: $("[data-call-local-tile]"),
  };
  const mayReact = limiter();
  let raised = false;
  let stopListening = null;

  function setHand(value) {
    raised = value;
    label(ui.hand, raised ? "Lower hand" : "Raise hand");
    markHand(ui.local, raised);
    chat.tell({ type: "hand", raised });
    stopListening?.();
    // Once its owner has spoken for a while, they were given the floor. A muted microphone reads silent.
    const microphone = media.outgoing?.getAudioTracks()[0];
    stopListening = raised && microphone ? whenSpeaking(microphone, () => setHand(false)) : null;
  }

  ui.hand.addEventListener("click", () => setHand(!raised));

  const items = reactions.map(({ emoji, name }) => {
    const item = document.createElement("button");
    item.type = "button";
    item.setAttribute("role", "menuitem");
    item.setAttribute("aria-label", name);
    item.title = name;
    item.tabIndex = -1;
    item.textContent = emoji;
    item.addEventListener("click", () => {
      closeMenu(true);
      if (!mayReact(null)) return notify(`You can send ${reactionLimit.count} reactions every ${reactionLimit.windowMs / 1000} seconds.`);
      chat.broadcast({ type: "reaction", emoji });
      float(ui.local, emoji);
    });
    return item;
  });
  ui.menu.append(...items);

  function openMenu() {
    ui.menu.hidden = false;
    ui.reactions.setAttribute("aria-expanded", "true");
    items[0].focus();
  }

  function closeMenu(refocus) {
    if (ui.menu.hidden) return;
    ui.menu.hidden = true;
    ui.reactions.setAttribute("aria-expanded", "false");
    if (refocus) ui.reactions.focus();
  }

  ui.reactions.addEventListener("click", () => (ui.menu.hidden ? openMenu() : closeMenu(true)));
  // A menu's keys: arrows move between its items, Escape closes it, Tab leaves it.
  ui.menu.addEventListener("keydown", (event) => {
    const at = items.indexOf(document.activeElement);
    const move = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    if (move) items[(at + move + items.length) % items.length].focus();
    else if (event.key === "Home") items[0].focus();
    else if (event.key === "End") items[items.length - 1].focus();
    else if (event.key === "Escape") closeMenu(true);
    else return;
    event.preventDefault();
  });
  ui.menu.addEventListener("focusout", (event) => !ui.menu.contains(event.relatedTarget) && event.relatedTarget !== ui.reactions && closeMenu(false));

  return {
    /** A message from `userId`'s chat channel: true when it was a hand or a reaction (taken or dropped). */
    received(userId, message) {
      const profile = state.call?.peers.get(userId)?.profile;
      const tile = stage.get(userId)?.element;
      if (message?.type === "hand" && typeof message.raised === "boolean") {
        if (!profile || !tile || !!tile.querySelector(".hand") === message.raised) return true;
        markHand(tile, message.raised);
        announce(sentence`${named(profile)} ${message.raised ? "raised their hand" : "lowered their hand"}.`);
        return true;
      }
      if (message?.type !== "reaction") return false;
      const reaction = reactions.find(({ emoji }) => emoji === message.emoji);
      if (reaction && profile && tile && mayReact(userId)) {
        float(tile, reaction.emoji);
        announce(sentence`${named(profile)}: ${reaction.name}.`);
      }
      return true;
    },
    reset() {
      raised = false;
      label(ui.hand, "Raise hand");
      stopListening?.();
      stopListening = null;
      markHand(ui.local, false);
      closeMenu(false);
    },
  };
}
