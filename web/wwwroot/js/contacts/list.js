// The contact list as the server tells it: a snapshot after every (re)connect, then deltas. Presence
// carries a "since" time; an older value never overwrites a newer one, whatever order they arrive in.

export function createContactList(connection) {
  const contacts = new Map();
  const listeners = new Set();
  const presenceListeners = new Set();
  let loaded = false;

  const changed = () => listeners.forEach((listener) => listener());

  const put = (contact) => {
    const known = contacts.get(contact.profile.id);
    if (known && Date.parse(known.presence.since) > Date.parse(contact.presence.since)) {
      contact = { ...contact, presence: known.presence };
    }
    contacts.set(contact.profile.id, contact);
  };

  const load = async () => {
    const snapshot = await connection.invoke("Contacts");
    const ids = new Set(snapshot.map((c) => c.profile.id));
    for (const id of contacts.keys()) if (!ids.has(id)) contacts.delete(id);
    snapshot.forEach(put);
    loaded = true;
    changed();
  };

  connection.on("contactChanged", ({ contact }) => {
    put(contact);
    changed();
  });
  connection.on("contactRemoved", ({ userId }) => {
    contacts.delete(userId);
    changed();
  });
  connection.on("presenceChanged", ({ userId, presence, since }) => {
    const known = contacts.get(userId);
    if (!known || Date.parse(known.presence.since) > Date.parse(since)) return;
    contacts.set(userId, { ...known, presence: { presence, since } });
    changed();
    if (known.presence.presence !== presence) presenceListeners.forEach((listener) => listener(known.profile, presence, known.presence.presence));
  });
  connection.on("presenceRestored", load);
  connection.onreconnected(load);

  return {
    load,
    get loaded() {
      return loaded;
    },
    all: () => [...contacts.values()],
    pendingCount: () => [...contacts.values()].filter((c) => c.relationship === "pending").length,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** A contact's presence changed live (not the snapshot after connecting): listener(profile, presence, previous). */
    onPresenceChange: (listener) => presenceListeners.add(listener),
    changeContact: (userId, action) => connection.invoke("ChangeContact", userId, action),
    search: (query, page) => connection.invoke("Search", query, page),
  };
}
