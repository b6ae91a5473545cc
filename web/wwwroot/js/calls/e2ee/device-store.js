// What this device keeps for encrypted calls, in IndexedDB: its identity key pair (the private half
// non-extractable: IndexedDB keeps the CryptoKey itself, so the page can use it and nobody can read
// it out) and the identity key each contact last used in a call, to say when one changed. One
// database per signed-in person: someone else signing in on the same browser has keys and contacts
// of their own.

import { createIdentity, restoreIdentity } from "./identity.js";

const version = 1;
const stores = { identity: "identity", contacts: "contacts" };

function request(operation) {
  return new Promise((done, fail) => {
    operation.onsuccess = () => done(operation.result);
    operation.onerror = () => fail(operation.error);
  });
}

function openDatabase(name) {
  const opening = indexedDB.open(name, version);
  opening.onupgradeneeded = () => Object.values(stores).forEach((store) => opening.result.createObjectStore(store));
  return request(opening);
}

/** `{ identity, knownKeys }` for the person `userId` on this device; the identity is made the first time. */
export async function openDeviceStore(userId) {
  const database = await openDatabase(`viv-keys-${userId}`);
  const store = (name, mode) => database.transaction(name, mode).objectStore(name);
  const kept = () => request(store(stores.identity, "readonly").get("device"));
  let identity = await kept().then((pair) => pair && restoreIdentity(pair));
  if (!identity) {
    const made = await createIdentity();
    // Two tabs opened at once both make one: `add` keeps the first, and the other tab uses that.
    await request(store(stores.identity, "readwrite").add({ privateKey: made.privateKey, publicKey: made.publicKey }, "device")).catch(() => {});
    identity = await restoreIdentity(await kept());
  }
  return {
    identity,
    knownKeys: {
      get: (contactId) => request(store(stores.contacts, "readonly").get(contactId)),
      set: (contactId, publicKey) => request(store(stores.contacts, "readwrite").put(publicKey, contactId)),
    },
  };
}
