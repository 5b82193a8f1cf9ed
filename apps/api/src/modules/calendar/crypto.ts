import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { Config } from '../../config';

/**
 * Google tokens at rest: AES-256-GCM under a named key (CALENDAR_TOKEN_KEYS, first = current).
 * The ciphertext says which key made it (`<kid>.<iv>.<data>.<tag>`, base64url), so any known key
 * decrypts and rotation is: put the new key first; rows are re-encrypted with it on their next
 * write (a refresh, an update) — `needsReencryption` tells a caller when that is due. The
 * connection's row id-independent context (tenant and resource) is bound as associated data, so
 * a ciphertext copied onto another resource's row does not decrypt.
 */

export type TokenKey = { id: string; key: Buffer };

export type TokenCipher = {
  /** The key new ciphertexts are made with. */
  currentKeyId: string;
  encrypt(plaintext: string, context: string): string;
  /** Throws when no known key made it or it was altered. */
  decrypt(ciphertext: string, context: string): string;
  /** The key id a ciphertext names. */
  keyIdOf(ciphertext: string): string;
  needsReencryption(ciphertext: string): boolean;
};

const b64url = (b: Buffer) => b.toString('base64url');

export function parseTokenKeys(value: string): TokenKey[] {
  return value.split(',').map((part) => {
    const [id, key] = part.trim().split(':') as [string, string];
    return { id, key: Buffer.from(key, 'base64') };
  });
}

/** Development only (config refuses it in production with Google configured): derived from SECRET_KEY. */
export function devTokenKey(secretKey: string): TokenKey {
  return { id: 'dev', key: createHmac('sha256', secretKey).update('slotwise calendar token key').digest() };
}

export function tokenKeysFromConfig(config: Pick<Config, 'CALENDAR_TOKEN_KEYS' | 'SECRET_KEY'>): TokenKey[] {
  return config.CALENDAR_TOKEN_KEYS ? parseTokenKeys(config.CALENDAR_TOKEN_KEYS) : [devTokenKey(config.SECRET_KEY)];
}

export function createTokenCipher(keys: TokenKey[]): TokenCipher {
  const current = keys[0];
  if (!current) throw new Error('at least one calendar token key is needed');
  const byId = new Map(keys.map((k) => [k.id, k.key]));
  const keyIdOf = (ciphertext: string) => ciphertext.split('.')[0] ?? '';
  return {
    currentKeyId: current.id,
    encrypt(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [current.id, b64url(iv), b64url(data), b64url(cipher.getAuthTag())].join('.');
    },
    decrypt(ciphertext, context) {
      const [kid, iv, data, tag] = ciphertext.split('.');
      const key = kid ? byId.get(kid) : undefined;
      if (!key || !iv || data === undefined || !tag) throw new Error(`calendar token encrypted with an unknown key (${kid ?? '?'})`);
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    },
    keyIdOf,
    needsReencryption: (ciphertext) => keyIdOf(ciphertext) !== current.id,
  };
}
