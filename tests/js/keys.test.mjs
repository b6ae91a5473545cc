// The key schedule of an encrypted call: rotating a sender's media key, keeping the previous one
// briefly for frames in flight, sending a key to one device only, and the safety code.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createIdentity, decodePublicKey, encodePublicKey, importPublicKey, restoreIdentity } from "../../web/wwwroot/js/calls/e2ee/identity.js";
import { refusal as keyRefusal, unwrapMediaKey, wrapMediaKey } from "../../web/wwwroot/js/calls/e2ee/key-wrap.js";
import { refusal as frameRefusal } from "../../web/wwwroot/js/calls/e2ee/media-frame.js";
import { createReceiverKeys, previousKeyLifetimeMs } from "../../web/wwwroot/js/calls/e2ee/receiver-keys.js";
import { safetyCode } from "../../web/wwwroot/js/calls/e2ee/safety-code.js";
import { createSenderKeys } from "../../web/wwwroot/js/calls/e2ee/sender-keys.js";

const opus = "audio/opus";
const speech = Uint8Array.from([0x78, 1, 2, 3, 4, 5, 6, 7, 8]);
const callId = "6f1c2a0e-3b7d-4c55-9a51-0d8e2f4b7c90";

function clock() {
  let ms = 0;
  return { now: () => ms, pass: (more) => { ms += more; } };
}

test("each rotation draws a new random key under the next KID", async () => {
  const sender = await createSenderKeys();
  const first = sender.current;
  const second = await sender.rotate();
  assert.equal(first.kid, 0n);
  assert.equal(second.kid, 1n);
  assert.equal(second.baseKey.length, 16);
  assert.notDeepEqual(second.baseKey, first.baseKey);
  assert.deepEqual(sender.current, second);
  const [third, fourth] = await Promise.all([sender.rotate(), sender.rotate()]);
  assert.deepEqual([third.kid, fourth.kid], [2n, 3n], "rotations one after the other, never two keys under one KID");
});

test("after a rotation the previous key still opens its frames in flight, for a while", async () => {
  const time = clock();
  const sender = await createSenderKeys();
  const receiver = createReceiverKeys(time);
  await receiver.add(sender.current);
  const inFlight = await sender.encryptFrame(opus, speech);

  await receiver.add(await sender.rotate());
  const after = await sender.encryptFrame(opus, speech);
  assert.deepEqual(await receiver.decryptFrame(opus, after), { frame: speech });
  time.pass(previousKeyLifetimeMs - 1);
  assert.deepEqual(await receiver.decryptFrame(opus, inFlight), { frame: speech });
});

test("the previous key is dropped once its time is up, or when a newer key comes", async () => {
  const time = clock();
  const sender = await createSenderKeys();
  const receiver = createReceiverKeys(time);
  await receiver.add(sender.current);
  const late = [await sender.encryptFrame(opus, speech), await sender.encryptFrame(opus, speech)];
  await receiver.add(await sender.rotate());
  time.pass(previousKeyLifetimeMs);
  assert.deepEqual(await receiver.decryptFrame(opus, late[0]), { refused: frameRefusal.unknownKid });

  const underOne = await sender.encryptFrame(opus, speech);
  await receiver.add(await sender.rotate());
  await receiver.add(await sender.rotate());
  assert.deepEqual(await receiver.decryptFrame(opus, underOne), { refused: frameRefusal.unknownKid }, "only one previous key is kept");
});

test("a frame sealed after a rotation is refused by whoever holds only the old key", async () => {
  const sender = await createSenderKeys();
  const leaver = createReceiverKeys();
  await leaver.add(sender.current);
  assert.deepEqual(await leaver.decryptFrame(opus, await sender.encryptFrame(opus, speech)), { frame: speech });
  await sender.rotate();
  assert.deepEqual(await leaver.decryptFrame(opus, await sender.encryptFrame(opus, speech)), { refused: frameRefusal.unknownKid });
});

test("a newcomer given the new key cannot open what was sealed before", async () => {
  const sender = await createSenderKeys();
  const before = await sender.encryptFrame(opus, speech);
  const newcomer = createReceiverKeys();
  await newcomer.add(await sender.rotate());
  assert.deepEqual(await newcomer.decryptFrame(opus, before), { refused: frameRefusal.unknownKid });
  assert.deepEqual(await newcomer.decryptFrame(opus, await sender.encryptFrame(opus, speech)), { frame: speech });
});

test("a key that is not newer than the newest held is refused and changes nothing", async () => {
  const sender = await createSenderKeys();
  const receiver = createReceiverKeys();
  const old = sender.current;
  await receiver.add(old);
  const current = await sender.rotate();
  assert.equal(await receiver.add(current), true);
  assert.equal(await receiver.add(old), false, "an old key message played again");
  assert.equal(await receiver.add({ kid: current.kid, baseKey: new Uint8Array(16) }), false, "another key under the same KID");
  assert.deepEqual(await receiver.decryptFrame(opus, await sender.encryptFrame(opus, speech)), { frame: speech });
});

test("an identity's private key cannot be read out, and the identity comes back from its key pair", async () => {
  const identity = await createIdentity();
  assert.equal(identity.privateKey.extractable, false);
  await assert.rejects(crypto.subtle.exportKey("pkcs8", identity.privateKey));
  assert.equal(identity.publicRaw.length, 32);
  assert.deepEqual(decodePublicKey(encodePublicKey(identity.publicRaw)), identity.publicRaw);
  assert.equal(decodePublicKey("AAAA"), null);
  assert.equal(await importPublicKey(new Uint8Array(31)), null);
  const restored = await restoreIdentity({ privateKey: identity.privateKey, publicKey: identity.publicKey });
  assert.deepEqual(restored.publicRaw, identity.publicRaw);
});

/** What `identity` makes of a key message it believes `sender` sent in the call `id`. */
const unwrapAs = (identity, sender, message, id = callId) =>
  unwrapMediaKey({ identity, sender: sender.publicRaw, callId: id, message });

async function threeDevices() {
  const [alice, bob, carol] = await Promise.all([createIdentity(), createIdentity(), createIdentity()]);
  const sender = await createSenderKeys();
  const mediaKey = sender.current;
  const message = JSON.parse(JSON.stringify(await wrapMediaKey({ identity: alice, recipient: bob.publicRaw, callId, mediaKey })));
  return { alice, bob, carol, mediaKey, message };
}

test("the recipient opens a media key sent to it, as JSON the server relays", async () => {
  const { alice, bob, mediaKey, message } = await threeDevices();
  assert.deepEqual(Object.keys(message), ["v", "call", "kid", "from", "to", "salt", "iv", "key"]);
  assert.ok(!JSON.stringify(message).includes(Buffer.from(mediaKey.baseKey).toString("base64url")), "the key is not in the message");
  assert.deepEqual(await unwrapAs(bob, alice, message), mediaKey);
});

test("no one but the recipient opens a media key", async () => {
  const { alice, bob, carol, message } = await threeDevices();
  assert.deepEqual(await unwrapAs(carol, alice, message), { refused: keyRefusal.otherRecipient });
  const readdressed = { ...message, to: encodePublicKey(carol.publicRaw) };
  assert.deepEqual(await unwrapAs(carol, alice, readdressed), { refused: keyRefusal.tampered });
  assert.deepEqual(await unwrapAs(alice, bob, message), { refused: keyRefusal.otherRecipient }, "sent back to its sender");
  const reflected = { ...message, from: message.to, to: message.from };
  assert.deepEqual(await unwrapAs(alice, bob, reflected), { refused: keyRefusal.tampered }, "reflected as if the recipient had sent it");
});

test("a media key for another call, or from another sender than expected, is refused", async () => {
  const { alice, bob, carol, message } = await threeDevices();
  assert.deepEqual(await unwrapAs(bob, alice, message, "another call"), { refused: keyRefusal.otherCall });
  assert.deepEqual(await unwrapAs(bob, alice, { ...message, call: "another call" }), { refused: keyRefusal.otherCall });
  assert.deepEqual(await unwrapAs(bob, carol, message), { refused: keyRefusal.otherSender });
});

test("a media key message with any field changed is refused", async () => {
  const { alice, bob, carol, message } = await threeDevices();
  const changed = (text) => text.slice(0, 4) + (text[4] === "A" ? "B" : "A") + text.slice(5);
  for (const field of ["salt", "iv", "key"]) {
    const tampered = { ...message, [field]: changed(message[field]) };
    assert.deepEqual(await unwrapAs(bob, alice, tampered), { refused: keyRefusal.tampered }, field);
  }
  const otherKid = { ...message, kid: message.kid + 1 };
  assert.deepEqual(await unwrapAs(bob, alice, otherKid), { refused: keyRefusal.tampered }, "kid");
  const otherFrom = { ...message, from: encodePublicKey(carol.publicRaw) };
  assert.deepEqual(await unwrapAs(bob, carol, otherFrom), { refused: keyRefusal.tampered }, "from, claimed by another device");
});

test("a malformed media key message is refused, never thrown", async () => {
  const { alice, bob, message } = await threeDevices();
  const malformed = [
    null, "text", {}, { ...message, v: 2 }, { ...message, kid: -1 }, { ...message, kid: "0" }, { ...message, kid: 2 ** 53 },
    { ...message, call: 7 }, { ...message, salt: undefined }, { ...message, iv: "not base64url!" }, { ...message, key: message.key.slice(4) },
    { ...message, from: "AAAA" }, { ...message, to: `${message.to}==` },
  ];
  for (const bad of malformed) {
    assert.deepEqual(await unwrapAs(bob, alice, bad), { refused: keyRefusal.malformed }, JSON.stringify(bad));
  }
});

test("wrapping refuses a recipient that is not a public key, and a key or KID out of shape", async () => {
  const { alice, bob, mediaKey } = await threeDevices();
  const wrap = (recipient, key) => wrapMediaKey({ identity: alice, recipient, callId, mediaKey: key });
  await assert.rejects(wrap(new Uint8Array(8), mediaKey), TypeError);
  await assert.rejects(wrap(bob.publicRaw, { kid: 1, baseKey: mediaKey.baseKey }), TypeError, "a number, not a bigint");
  await assert.rejects(wrap(bob.publicRaw, { kid: 1n << 53n, baseKey: mediaKey.baseKey }), TypeError);
  await assert.rejects(wrap(bob.publicRaw, { kid: 1n, baseKey: new Uint8Array(32) }), TypeError);
  await assert.rejects(wrap(new Uint8Array(32), mediaKey), TypeError, "a low-order point, agreeing on zeros");
});

test("a key message from a low-order point, which agrees on zeros with everyone, is refused", async () => {
  const { bob, message } = await threeDevices();
  const zeros = new Uint8Array(32);
  assert.deepEqual(await unwrapAs(bob, { publicRaw: zeros }, { ...message, from: encodePublicKey(zeros) }), { refused: keyRefusal.tampered });
});

test("both sides read the same safety code, and another key gives another code", async () => {
  const [alice, bob, mallory] = await Promise.all([createIdentity(), createIdentity(), createIdentity()]);
  const code = await safetyCode(alice.publicRaw, bob.publicRaw);
  assert.match(code, /^\d{5}( \d{5}){7}$/);
  assert.equal(await safetyCode(bob.publicRaw, alice.publicRaw), code);
  assert.notEqual(await safetyCode(alice.publicRaw, mallory.publicRaw), code);
  assert.notEqual(await safetyCode(mallory.publicRaw, bob.publicRaw), code);
});

test("the safety code is derived as documented", async () => {
  const low = new Uint8Array(32).fill(1);
  const high = new Uint8Array(32).fill(2);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-512", Buffer.concat([Buffer.from("Viv safety code v1"), low, high])));
  const groups = Array.from({ length: 8 }, (_, g) => String(Buffer.from(digest.subarray(g * 5, g * 5 + 5)).readUIntBE(0, 5) % 100000).padStart(5, "0"));
  assert.equal(await safetyCode(high, low), groups.join(" "));
});

test("a key drawn ahead is the same until frames use it, and frames keep the current key meanwhile", async () => {
  const sender = await createSenderKeys();
  const receiver = createReceiverKeys();
  await receiver.add(sender.current);
  const drawn = await sender.next();
  assert.deepEqual(await sender.next(), drawn, "drawn once, however often asked");
  assert.equal(sender.current.kid, 0n);
  assert.deepEqual(await receiver.decryptFrame(opus, await sender.encryptFrame(opus, speech)), { frame: speech }, "still sealed with the key the receiver holds");
  assert.deepEqual(await sender.advance(), drawn);
  assert.deepEqual(await receiver.decryptFrame(opus, await sender.encryptFrame(opus, speech)), { refused: frameRefusal.unknownKid });
  await receiver.add(drawn);
  assert.deepEqual(await receiver.decryptFrame(opus, await sender.encryptFrame(opus, speech)), { frame: speech });
});
