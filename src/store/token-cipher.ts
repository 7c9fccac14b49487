/**
 * Tokens at rest: AES-256-GCM (node:crypto) with a fresh 12-byte IV per seal and the installation's
 * key (its workspace or org id) as additional data, so a ciphertext copied to another row does not
 * open. Each ciphertext is stored beside the id of the key that sealed it; the id is a fingerprint of
 * the key (never the key). Several keys may open (the current one and, during a rotation, old ones);
 * only the current one seals. Nothing here logs, and errors never carry a token or a key.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export interface SealedToken {
  /** `v1.` + base64url(iv | tag | ciphertext). */
  enc: string;
  keyId: string;
}

export interface TokenCipher {
  /** The id of the key new seals use. */
  readonly currentKeyId: string;
  seal(token: string, boundTo: string): SealedToken;
  /** Throws TokenCipherError when the key is unknown or the ciphertext was altered or moved. */
  open(sealed: SealedToken, boundTo: string): string;
}

export class TokenCipherError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenCipherError';
  }
}

/** A 32-byte key from its base64 or hex text (as TOKEN_ENCRYPTION_KEY holds it). */
export function decodeKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new TokenCipherError('an encryption key must be 32 bytes');
  return key;
}

/** The id stored beside each ciphertext: a fingerprint of the key. */
export function keyIdOf(key: Buffer): string {
  return `k${createHash('sha256').update('call-buddy token key\0').update(key).digest('hex').slice(0, 12)}`;
}

export function createTokenCipher(current: string, old: readonly string[] = []): TokenCipher {
  const keys = new Map<string, Buffer>();
  const currentKey = decodeKey(current);
  const currentKeyId = keyIdOf(currentKey);
  keys.set(currentKeyId, currentKey);
  for (const k of old) {
    const key = decodeKey(k);
    keys.set(keyIdOf(key), key);
  }
  return {
    currentKeyId,
    seal(token, boundTo) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', currentKey, iv);
      cipher.setAAD(Buffer.from(boundTo, 'utf8'));
      const ct = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
      return { enc: `v1.${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64url')}`, keyId: currentKeyId };
    },
    open(sealed, boundTo) {
      const key = keys.get(sealed.keyId);
      if (!key) throw new TokenCipherError(`no encryption key with id ${sealed.keyId} is configured (TOKEN_ENCRYPTION_KEY, TOKEN_ENCRYPTION_OLD_KEYS)`);
      if (!sealed.enc.startsWith('v1.')) throw new TokenCipherError('unknown ciphertext format');
      const raw = Buffer.from(sealed.enc.slice(3), 'base64url');
      if (raw.length < 29) throw new TokenCipherError('ciphertext too short');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAAD(Buffer.from(boundTo, 'utf8'));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        throw new TokenCipherError('a stored token failed authentication (altered, moved to another row, or sealed with another key)');
      }
    },
  };
}
