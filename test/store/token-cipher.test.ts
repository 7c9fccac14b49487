// src/store/token-cipher.ts: AES-256-GCM seals that open only with their key, for their row.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTokenCipher, decodeKey, keyIdOf, TokenCipherError } from '../../src/store/token-cipher.js';

const A = randomBytes(32).toString('base64');
const B = randomBytes(32).toString('hex');
const TOKEN = 'xoxb-1234-5678-secret';

describe('token cipher', () => {
  it('seals with a fresh IV and the key id; opens for the same row only', () => {
    const c = createTokenCipher(A);
    const s1 = c.seal(TOKEN, 'T1');
    const s2 = c.seal(TOKEN, 'T1');
    expect(s1.enc).not.toBe(s2.enc);
    expect(s1.enc).not.toContain(TOKEN);
    expect(s1.keyId).toBe(keyIdOf(decodeKey(A)));
    expect(s1.keyId).not.toContain(A.slice(0, 8));
    expect(c.open(s1, 'T1')).toBe(TOKEN);
    expect(() => c.open(s1, 'T2')).toThrow(TokenCipherError);
  });

  it('refuses an altered ciphertext, an unknown key, and never puts the token or key in the error', () => {
    const c = createTokenCipher(A);
    const s = c.seal(TOKEN, 'T1');
    const raw = Buffer.from(s.enc.slice(3), 'base64url');
    raw[raw.length - 1] = raw[raw.length - 1]! ^ 1;
    const altered = { ...s, enc: `v1.${raw.toString('base64url')}` };
    for (const [sealed, cipher] of [[altered, c], [s, createTokenCipher(B)]] as const) {
      try {
        cipher.open(sealed, 'T1');
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(TokenCipherError);
        expect(String(err)).not.toContain(TOKEN);
        expect(String(err)).not.toContain(A);
      }
    }
  });

  it('opens with old keys during a rotation but seals with the current one', () => {
    const old = createTokenCipher(A);
    const s = old.seal(TOKEN, 'T1');
    const rotating = createTokenCipher(B, [A]);
    expect(rotating.open(s, 'T1')).toBe(TOKEN);
    expect(rotating.seal(TOKEN, 'T1').keyId).toBe(keyIdOf(decodeKey(B)));
    expect(rotating.currentKeyId).not.toBe(s.keyId);
  });

  it('takes 32-byte keys only', () => {
    expect(() => createTokenCipher(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
