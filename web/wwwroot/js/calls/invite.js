// "Add participant": the contacts who could join, with their presence, and the server's answer in
// words when an invitation is refused (full, busy, unavailable).
import { personItem, button, tag, presenceWords, redrawKeepingFocus, namedLabel } from "../shell/people.js";

const $ = (selector) => document.querySelector(selector);
const rank = { online: 0, mobile: 0, inCall: 1, offline: 2 };

export function createInvite({ contactList, invite }) {
  const dialog = $("[data-call-invite]");
  const list = $("[data-call-invite-list]");
  const empty = $("[data-call-invite-empty]");
  const status = $("[data-call-invite-status]");
  let inCall = () => new Set();

  function draw() {
    const here = inCall();
    const contacts = contactList
      .all()
      .filter((c) => c.relationship === "accepted")
      .sort((a, b) => (rank[a.presence.presence] ?? 2) - (rank[b.presence.presence] ?? 2) || a.profile.fullName.localeCompare(b.profile.fullName));
    redrawKeepingFocus(list, () => list.replaceChildren(
      ...contacts.map(({ profile, presence }) => {
        const { item, who, actions } = personItem(profile);
        const joined = here.has(profile.id);
        who.append(" ", tag(joined ? "In this call" : (presenceWords[presence.presence] ?? "Offline"), `status ${presence.presence}`));
        const add = button("Add", async () => {
          status.textContent = "";
          const reply = await invite(profile.id);
          if (reply.ok) dialog.close();
          else status.textContent = reply.error;
        });
        add.setAttribute("aria-label", `Add ${namedLabel(profile)}`);
        add.disabled = joined || presence.presence === "offline";
        actions.append(add);
        return item;
      }),
    ));
    empty.hidden = contacts.length > 0;
  }

  const unsubscribe = { current: () => {} };
  $("[data-call-invite-close]").addEventListener("click", () => dialog.close());
  // A late "close" (fired at the next animation frame) must not end the subscription of a reopened dialog.
  dialog.addEventListener("close", () => dialog.open || unsubscribe.current());

  return {
    /** Opens the dialog; <c>participants</c> tells who is already in or being rung. */
    open(participants) {
      inCall = participants;
      status.textContent = "";
      draw();
      unsubscribe.current = contactList.subscribe(draw);
      dialog.showModal();
    },
    close: () => dialog.open && dialog.close(),
  };
}
