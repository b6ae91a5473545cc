// Tells screen-reader users when a contact comes online or goes offline. A contact who reloads a
// page drops offline and back within a second or two: only a presence that holds for a moment, and
// differs from the last one told, is said, so the live region stays quiet about flickers.
import { sentence } from "../shell/isolate.js";
import { named } from "../shell/people.js";

const settleMs = 2_000;
const words = { online: "online", mobile: "online on a phone", inCall: "in a call", offline: "offline" };

export function announcePresence(contactList, announce) {
  const told = new Map(); // userId → the presence last said, or the one the list showed before the first change
  const waiting = new Map(); // userId → timer

  contactList.onPresenceChange((profile, _presence, previous) => {
    if (!told.has(profile.id)) told.set(profile.id, previous);
    clearTimeout(waiting.get(profile.id));
    waiting.set(profile.id, setTimeout(() => {
      waiting.delete(profile.id);
      const now = contactList.all().find((c) => c.profile.id === profile.id)?.presence.presence;
      if (!now || now === told.get(profile.id)) return;
      told.set(profile.id, now);
      announce([...sentence`${named(profile)} is `, `${words[now] ?? now}.`]);
    }, settleMs));
  });
}
