// One encrypted call's keys between several browsers: each participant's call-keys.js wired to the
// others through a relay that behaves as the hub does (an announcement reaches everyone else, a key
// message only its recipient), with the real sender and receiver keys sealing and opening frames.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createCallKeys, ignored, switchDelayMs } from "../../web/wwwroot/js/calls/e2ee/call-keys.js";
import { createIdentity, encodePublicKey } from "../../web/wwwroot/js/calls/e2ee/identity.js";
import { refusal as keyRefusal, wrapMediaKey } from "../../web/wwwroot/js/calls/e2ee/key-wrap.js";
import { refusal as frameRefusal } from "../../web/wwwroot/js/calls/e2ee/media-frame.js";
import { createReceiverKeys, previousKeyLifetimeMs } from "../../web/wwwroot/js/calls/e2ee/receiver-keys.js";
import { createSenderKeys } from "../../web/wwwroot/js/calls/e2ee/sender-keys.js";

const opus = "audio/opus";
const speech = Uint8Array.from([0x78, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
const callId = "0b5e8a52-7f0e-4f7e-9d6c-2a4b1c9e3d70";

/** A call whose hub relays at once; while `holding`, key switches wait until `release`. */
function call() {
  const people = new Map();
  const held = [];
  const c = { holding: false };
  const wait = () => (c.holding ? new Promise((done) => held.push(done)) : Promise.resolve());

  async function join(name, identity) {
    const person = { name, identity: identity ?? (await createIdentity()), receivers: new Map(), changed: [], known: new Map(), log: [] };
    person.senderKeys = await createSenderKeys();
    person.keys = createCallKeys({
      callId,
      identity: person.identity,
      senderKeys: person.senderKeys,
      announce: (publicKey) => Promise.all([...people.values()].filter((p) => p !== person).map((p) => p.keys.identityAnnounced(name, publicKey))),
      sendKey: (to, message) => people.get(to)?.keys.mediaKey(name, message).then((outcome) => outcome && people.get(to).log.push(outcome)),
      install: async (from, key) => {
        if (!person.receivers.has(from)) person.receivers.set(from, createReceiverKeys());
        await person.receivers.get(from).add(key);
      },
      uninstall: (from) => person.receivers.delete(from),
      knownKeys: { get: async (userId) => person.known.get(userId), set: async (userId, key) => person.known.set(userId, key) },
      onIdentityChanged: (userId) => person.changed.push(userId),
      wait,
    });
    people.set(name, person);
    // As the room does for a newcomer: everyone already in announced, then the newcomer announces.
    for (const other of people.values()) {
      if (other !== person && other.announced) await person.keys.identityAnnounced(other.name, other.announced);
    }
    person.announced = encodePublicKey(person.identity.publicRaw);
    await person.keys.start();
    return person;
  }

  async function leave(name) {
    people.delete(name);
    await Promise.all([...people.values()].map((p) => p.keys.left(name)));
  }

  const settled = () => Promise.all([...people.values()].map((p) => p.keys.settled()));
  const release = () => {
    c.holding = false;
    held.splice(0).forEach((done) => done());
  };
  return Object.assign(c, { join, leave, settled, release, people });
}

const hears = async (listener, speaker, sealed) => (await listener.receivers.get(speaker.name)?.decryptFrame(opus, sealed)) ?? { refused: "no key" };

test("everyone in a call opens everyone else's frames once the keys went round", async () => {
  const c = call();
  const [ann, ben, cid] = [await c.join("ann"), await c.join("ben"), await c.join("cid")];
  await c.settled();
  for (const speaker of [ann, ben, cid]) {
    const sealed = await speaker.senderKeys.encryptFrame(opus, speech);
    for (const listener of [ann, ben, cid].filter((p) => p !== speaker)) {
      assert.deepEqual(await hears(listener, speaker, sealed), { frame: speech }, `${listener.name} hears ${speaker.name}`);
    }
  }
  assert.deepEqual([ann.log, ben.log, cid.log].flat().filter((outcome) => outcome !== ignored.awaitingIdentity), [],
    "no key message was refused (a newcomer's first ones wait for its identity)");
});

test("a new key reaches everyone before frames are sealed with it", async () => {
  const c = call();
  const [ann, ben] = [await c.join("ann"), await c.join("ben")];
  await c.settled();
  c.holding = true;
  const cid = await c.join("cid");
  const before = ann.senderKeys.current.kid;
  const stillOld = await ann.senderKeys.encryptFrame(opus, speech);
  assert.deepEqual(await hears(ben, ann, stillOld), { frame: speech }, "while the new key waits, Ann seals with the one Ben has");
  assert.deepEqual(await hears(cid, ann, stillOld), { refused: frameRefusal.unknownKid }, "which Cid never gets");
  // Were Ann to switch right now, both could open her next frame: the key reached them first.
  await ann.senderKeys.advance();
  const switched = await ann.senderKeys.encryptFrame(opus, speech);
  assert.ok(ann.senderKeys.current.kid > before);
  assert.deepEqual(await hears(ben, ann, switched), { frame: speech });
  assert.deepEqual(await hears(cid, ann, switched), { frame: speech });
  c.release();
  await c.settled();
  assert.ok(switchDelayMs < previousKeyLifetimeMs);
});

test("someone who left opens nothing sealed after the next key is in use", async () => {
  const c = call();
  const [ann, ben, cid] = [await c.join("ann"), await c.join("ben"), await c.join("cid")];
  await c.settled();
  await c.leave("cid");
  await c.settled();
  const after = await ann.senderKeys.encryptFrame(opus, speech);
  assert.deepEqual(await hears(ben, ann, after), { frame: speech });
  assert.deepEqual(await hears(cid, ann, after), { refused: frameRefusal.unknownKid }, "Cid kept his old keys, and they do not open it");
});

test("a newcomer opens nothing sealed before they came, even holding every key they were sent", async () => {
  const c = call();
  const [ann] = [await c.join("ann"), await c.join("ben")];
  await c.settled();
  const recordedBefore = await ann.senderKeys.encryptFrame(opus, speech);
  const dan = await c.join("dan");
  await c.settled();
  assert.deepEqual(await hears(dan, ann, recordedBefore), { refused: frameRefusal.unknownKid });
  assert.deepEqual(await hears(dan, ann, await ann.senderKeys.encryptFrame(opus, speech)), { frame: speech });
});

test("a contact whose identity key changed since the last call is reported; a first meeting and the same key are not", async () => {
  const first = call();
  const ann = await first.join("ann");
  await first.join("ben");
  await first.settled();
  assert.deepEqual(ann.changed, [], "Ann had never seen Ben's key");

  const second = call();
  const annAgain = await second.join("ann", ann.identity);
  annAgain.known = ann.known;
  await second.join("ben");
  await second.settled();
  assert.deepEqual(annAgain.changed, ["ben"], "Ben comes with another device key this time");

  const third = call();
  const annLater = await third.join("ann", ann.identity);
  annLater.known = annAgain.known;
  await third.join("ben", second.people.get("ben").identity);
  await third.settled();
  assert.deepEqual(annLater.changed, [], "the same key as last time");
});

test("a key message from someone the call never announced waits for their identity; one meant for another device is not installed", async () => {
  const c = call();
  const [ann, ben] = [await c.join("ann"), await c.join("ben")];
  await c.settled();
  const stranger = await createIdentity();
  const forBen = await wrapMediaKey({ identity: stranger, recipient: ben.identity.publicRaw, callId, mediaKey: { kid: 99n, baseKey: new Uint8Array(16) } });
  assert.equal(await ben.keys.mediaKey("zed", forBen), ignored.awaitingIdentity);
  assert.equal(ben.receivers.has("zed"), false, "nothing installed meanwhile");
  await ben.keys.identityAnnounced("zed", encodePublicKey(stranger.publicRaw));
  assert.equal(ben.receivers.has("zed"), true, "installed once the call announced who sent it");
  assert.equal(await ben.keys.mediaKey("ann", forBen), keyRefusal.otherSender, "claimed to be Ann's, but wrapped by another key");
  const annToBen = await wrapMediaKey({ identity: ann.identity, recipient: ben.identity.publicRaw, callId, mediaKey: { kid: 99n, baseKey: new Uint8Array(16) } });
  assert.equal(await ann.keys.mediaKey("ben", annToBen), keyRefusal.otherRecipient, "Ann's own message to Ben, relayed back to her");
  assert.equal(await ben.keys.mediaKey("ann", { ...annToBen, call: "another call" }), keyRefusal.otherCall);
});

test("safety codes are the same on both sides and one per other participant", async () => {
  const c = call();
  const [ann, ben, cid] = [await c.join("ann"), await c.join("ben"), await c.join("cid")];
  await c.settled();
  const annCodes = new Map((await ann.keys.safetyCodes()).map(({ userId, code }) => [userId, code]));
  const benCodes = new Map((await ben.keys.safetyCodes()).map(({ userId, code }) => [userId, code]));
  assert.deepEqual([...annCodes.keys()].sort(), ["ben", "cid"]);
  assert.equal(annCodes.get("ben"), benCodes.get("ann"));
  assert.notEqual(annCodes.get("ben"), annCodes.get("cid"));
  assert.match(annCodes.get("cid"), /^(\d{5} ){7}\d{5}$/);
  assert.equal((await cid.keys.safetyCodes()).length, 2);
});
