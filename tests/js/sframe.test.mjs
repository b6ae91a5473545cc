// The SFrame layer against RFC 9605's own known answers: every header encoding of Appendix C.1
// and the AES_128_GCM_SHA256_128 encryption of Appendix C.3.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { decodeHeader, encodeHeader } from "../../web/wwwroot/js/calls/e2ee/sframe-header.js";
import { cipherSuite, deriveKeySalt, open, seal } from "../../web/wwwroot/js/calls/e2ee/sframe.js";
import { fromHex, toHex } from "./hex.mjs";

const vectors = JSON.parse(readFileSync(new URL("./rfc9605-vectors.json", import.meta.url)));
const integer = (hex) => BigInt(`0x${hex}`);

test("every header of RFC 9605 Appendix C.1 encodes and decodes", () => {
  assert.equal(vectors.header.length, 289);
  for (const { kid, ctr, header } of vectors.header) {
    assert.equal(toHex(encodeHeader(integer(kid), integer(ctr))), header, `kid ${kid} ctr ${ctr}`);
    assert.deepEqual(decodeHeader(fromHex(header)), { kid: integer(kid), ctr: integer(ctr), length: header.length / 2 });
  }
});

test("a header is decoded from the start of a longer ciphertext", () => {
  assert.deepEqual(decodeHeader(fromHex("9901234567ffff")), { kid: 0x123n, ctr: 0x4567n, length: 5 });
});

test("a header cut short or not in its minimal form is refused", () => {
  assert.equal(decodeHeader(new Uint8Array()), null);
  assert.equal(decodeHeader(fromHex("990123")), null, "the counter's two bytes are missing");
  assert.equal(decodeHeader(fromHex("8005")), null, "KID 5 belongs in the config byte");
  assert.equal(decodeHeader(fromHex("090012")), null, "CTR 0x12 takes one byte, not two");
});

test("a KID or CTR outside 0 to 2^64 - 1 cannot be encoded", () => {
  assert.throws(() => encodeHeader(-1n, 0n), RangeError);
  assert.throws(() => encodeHeader(0n, 1n << 64n), RangeError);
  assert.throws(() => encodeHeader(1, 0n), RangeError, "a number, not a bigint");
});

test("the AES_128_GCM_SHA256_128 vector of RFC 9605 Appendix C.3 encrypts and decrypts", async () => {
  const vector = vectors.sframe.find((v) => v.cipher_suite === cipherSuite);
  const kid = integer(vector.kid);
  const baseKey = fromHex(vector.base_key);
  const metadata = fromHex(vector.metadata);

  const sealing = await deriveKeySalt(kid, baseKey, "encrypt");
  assert.equal(toHex(sealing.salt), vector.sframe_salt);
  const ciphertext = await seal(sealing, integer(vector.ctr), metadata, fromHex(vector.pt));
  assert.equal(toHex(ciphertext), vector.ct);

  const opening = await deriveKeySalt(kid, baseKey, "decrypt");
  const header = decodeHeader(fromHex(vector.ct));
  assert.equal(toHex(await open(opening, header, metadata, fromHex(vector.ct))), vector.pt);
  assert.equal(await open(opening, header, fromHex("00"), fromHex(vector.ct)), null, "other metadata");
});

test("a key derived for encrypting cannot decrypt, nor the other way round", async () => {
  const baseKey = new Uint8Array(16);
  const sealing = await deriveKeySalt(1n, baseKey, "encrypt");
  const opening = await deriveKeySalt(1n, baseKey, "decrypt");
  const ciphertext = await seal(sealing, 0n, new Uint8Array(), fromHex("0102"));
  assert.equal(await open(sealing, decodeHeader(ciphertext), new Uint8Array(), ciphertext), null);
  assert.deepEqual(await open(opening, decodeHeader(ciphertext), new Uint8Array(), ciphertext), fromHex("0102"));
  await assert.rejects(seal(opening, 1n, new Uint8Array(), fromHex("0102")));
  await assert.rejects(deriveKeySalt(1n, baseKey, "wrap"), TypeError);
});
