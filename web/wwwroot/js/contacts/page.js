// The contact list (on / and /Contacts) and the search on /Contacts. Every action goes over the hub;
// the lists redraw from the contact list store, so other tabs and devices stay in step.
import { personItem, button, tag, presenceWords, redrawKeepingFocus } from "../shell/people.js";
import { sentence } from "../shell/isolate.js";

const order = { pending: 0, accepted: 1, requested: 2, blocked: 3 };

// A refusal (including "slow down") is told, never swallowed.
const actor = (contactList, notify) => async (userId, action) => {
  const reply = await contactList.changeContact(userId, action);
  if (!reply.ok) notify(reply.error);
};

export function showContactList(contactList, { notify, call, schedule }) {
  const lists = document.querySelectorAll("[data-contact-list]");
  if (lists.length === 0) return;

  const act = actor(contactList, notify);

  const itemFor = (contact) => {
    const { profile, relationship, presence } = contact;
    const { item, who, actions } = personItem(profile);
    const status = (text, kind) => who.append(" ", tag(text, `status ${kind}`));
    const add = (label, action, variant) => actions.append(button(label, () => act(profile.id, action), variant));
    switch (relationship) {
      case "pending":
        status("Wants to be your contact", "pending");
        add("Accept", "accept");
        add("Decline", "decline", "secondary outline");
        add("Block", "block", "secondary outline");
        break;
      case "accepted":
        status(presenceWords[presence.presence] ?? "Offline", presence.presence);
        // Not awaited: the button stays enabled while the confirm dialog is open, so Escape can give focus back to it.
        actions.append(
          button("Video call", () => void call(profile, "video")),
          button("Voice call", () => void call(profile, "voice"), "secondary"),
          button("Schedule meeting", () => schedule(profile), "secondary outline"),
        );
        add("Block", "block", "secondary outline");
        add("Delete", "delete", "secondary outline");
        break;
      case "requested":
        status("Request sent", "requested");
        add("Delete", "delete", "secondary outline");
        add("Block", "block", "secondary outline");
        break;
      case "blocked":
        status("Blocked", "blocked");
        add("Unblock", "unblock", "secondary outline");
        add("Delete", "delete", "secondary outline");
        break;
    }
    return item;
  };

  const draw = () => {
    const contacts = contactList.all().sort((a, b) =>
      order[a.relationship] - order[b.relationship] || a.profile.fullName.localeCompare(b.profile.fullName));
    for (const list of lists) {
      redrawKeepingFocus(list, () => list.replaceChildren(...contacts.map(itemFor)));
      const section = list.closest("section");
      section.querySelector("[data-contact-list-loading]").hidden = contactList.loaded;
      section.querySelector("[data-contact-list-empty]").hidden = !contactList.loaded || contacts.length > 0;
    }
  };
  contactList.subscribe(draw);
  draw();
}

export function showSearch(contactList, { notify }) {
  const form = document.querySelector("[data-search]");
  if (!form) return;
  const results = document.querySelector("[data-search-results]");
  const status = document.querySelector("[data-search-status]");
  const more = document.querySelector("[data-search-more]");
  let query = "";
  let page = 0;
  let shown = [];

  const act = actor(contactList, notify);
  const sideOf = (result) => contactList.all().find((c) => c.profile.id === result.profile.id)?.relationship ?? result.relationship;

  const itemFor = (result) => {
    const { item, who, actions } = personItem(result.profile);
    const relationship = sideOf(result);
    const acting = (action) => () => act(result.profile.id, action);
    if (relationship === "none" || relationship === "deleted") actions.append(button("Add contact", acting("request")));
    else if (relationship === "pending") actions.append(button("Accept", acting("accept")));
    else who.append(" ", tag({ requested: "Request sent", accepted: "Contact", blocked: "Blocked" }[relationship], `status ${relationship}`));
    return item;
  };

  const draw = () => redrawKeepingFocus(results, () => results.replaceChildren(...shown.map(itemFor)));
  contactList.subscribe(draw);

  const fetchPage = async () => {
    status.textContent = "Searching…";
    const found = await contactList.search(query, page);
    // A search over the person's budget answers { ok: false, error } instead of results.
    if (found.ok === false) return (status.textContent = found.error);
    shown = page === 0 ? found.results : shown.concat(found.results);
    more.hidden = !found.hasMore;
    status.replaceChildren(...(shown.length === 0 ? sentence`Nobody found for “${query}”.` : [`${shown.length} found.`]));
    draw();
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    query = form.elements.q.value.trim();
    page = 0;
    await fetchPage();
  });
  more.addEventListener("click", async () => {
    page += 1;
    await fetchPage();
  });
}
