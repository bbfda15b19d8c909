/**
 * Shared test vectors for client-code hashes: the server (crypto/uic-hasher.ts) and the phone
 * (web/src/field/uic-hash.ts) must both turn these codes under this key into these hashes, so a
 * change to either side that would stop a phone finding its server's clients fails a test.
 * The key is public test data, never a real key.
 */

export const UIC_HASH_VECTOR_KEY = 'aGFyYm91ci11aWMtdGVzdC12ZWN0b3Ita2V5LTMyYiE';

/** [normalised code, HMAC-SHA256("uic" NUL code) as base64url]. */
export const UIC_HASH_VECTORS: readonly (readonly [string, string])[] = [
  ['PEF1490', 'q5zT6k6rxOpH7VRpnBHjJHhRdJdw78XWOfAuxGGqCaQ'],
  ['ПЕТ0191', '10PKDdK74dDZQo60RABgPePww9oHDou8liVCc-nDLwA'],
  ['AAA0190', 'CkU9bXp3L9dzEbdyI3-339XUrRa5kcGyRGdeYypnfTA'],
  ['ΑΒΓ1285', 'iVpET6Ja4qhEMT96c5k5weQF_RhCjaKgEyYzJ6H7xOM'],
];
