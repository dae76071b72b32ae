import { createCipheriv, createDecipheriv, createHmac, randomFillSync } from 'node:crypto';

/**
 * A field's words as stored in an event: AES-256-GCM under the data key of the record it belongs
 * to. The event's hash is over this, so destroying the key later leaves every hash as it was.
 */
export interface SealedText {
  sealed: 'v1';
  /** The data key's id (oversight_data_keys.key_id). */
  key: string;
  /** Base64 of the 12-byte IV, random per field. */
  iv: string;
  /** Base64 of the ciphertext followed by the 16-byte GCM tag. */
  text: string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

/**
 * Random bytes for IVs and keys, drawn from a pool filled by the CSPRNG a few kilobytes at a time:
 * a call of its own costs 40 µs for 12 bytes here (more than the encryption), which an import
 * of thousands of comments pays thousands of times. Each take is a copy; no byte is given twice.
 */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let taken = 0;
function randomPart(size: number): Buffer {
  if (taken + size > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(POOL_BYTES));
    taken = 0;
  }
  const part = Buffer.from(pool.subarray(taken, taken + size));
  taken += size;
  return part;
}

/** Whether a stored value is sealed text (anything else, such as a string stored before encryption, is read as it is). */
export function isSealed(value: unknown): value is SealedText {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const candidate = value as Record<string, unknown>;
  return (
    candidate.sealed === 'v1' &&
    typeof candidate.key === 'string' &&
    typeof candidate.iv === 'string' &&
    typeof candidate.text === 'string'
  );
}

/**
 * Seals `plain` under `dataKey`. The key id is authenticated with it (GCM's additional data), so a
 * sealed value moved under another key's id does not open.
 */
export function seal(plain: string, keyId: string, dataKey: Buffer): SealedText {
  const iv = randomPart(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
  cipher.setAAD(Buffer.from(keyId, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { sealed: 'v1', key: keyId, iv: iv.toString('base64'), text: body.toString('base64') };
}

/** Opens sealed text; throws when the key is not the one it was sealed under or the text was changed. */
export function open(value: SealedText, dataKey: Buffer): string {
  const body = Buffer.from(value.text, 'base64');
  if (body.length < TAG_BYTES) throw new Error(`Sealed text under key ${value.key} is too short to hold its tag`);
  const decipher = createDecipheriv('aes-256-gcm', dataKey, Buffer.from(value.iv, 'base64'));
  decipher.setAAD(Buffer.from(value.key, 'utf8'));
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new Error(
      `Sealed text under key ${value.key} does not open: the key is not its own, or the text was changed`,
    );
  }
}

/** A data key encrypted by the key-encryption key (AES-256-GCM, the key id authenticated): base64 of IV, ciphertext and tag. */
export function wrapKey(dataKey: Buffer, keyId: string, keyEncryptionKey: Buffer): string {
  const sealed = seal(dataKey.toString('base64'), keyId, keyEncryptionKey);
  return `${sealed.iv}.${sealed.text}`;
}

export function unwrapKey(wrapped: string, keyId: string, keyEncryptionKey: Buffer): Buffer {
  const [iv, text] = wrapped.split('.');
  if (!iv || !text) throw new Error(`Data key ${keyId} is not stored as a wrapped key`);
  try {
    return Buffer.from(open({ sealed: 'v1', key: keyId, iv, text }, keyEncryptionKey), 'base64');
  } catch {
    throw new Error(
      `Data key ${keyId} does not open with the configured DATA_KEY_SECRET: it is not the secret the keys were made under`,
    );
  }
}

export function newDataKey(): Buffer {
  return randomPart(KEY_BYTES);
}

/** The words shown where removed text was: the same from the Redacted event and from the destroyed key's tombstone. */
export function removedMarker(at: Date, by: string, reason: string): string {
  const day = new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  }).format(at);
  return `[removed on ${day} by ${by}: ${reason}]`;
}

/**
 * Sealed text in a text column (an event's reason, or the file and sheet of an import's origin):
 * `sealed:v1:<key id>:<iv>:<ciphertext+tag>`, the parts as in SealedText. Text stored before
 * sealing began is read as it is; a plain reason that happened to have this form would be taken
 * for sealed text, which none written by the service ever was (every reason is sealed since).
 */
const SEALED_STRING = /^sealed:v1:([0-9a-f-]{36}):([A-Za-z0-9+/]{16}):([A-Za-z0-9+/]+={0,2})$/;
export const SEALED_STRING_PREFIX = 'sealed:v1:';

/**
 * Seals `plain` as a string. The IV is derived from the key and the words (an HMAC, as in
 * AES-GCM-SIV's synthetic IV), not drawn at random: the same words under the same key seal to the
 * same text, so an import's file name, repeated on each of its thousands of events, is sealed and
 * opened once (openString keeps what it opened), and GCM's nonce is never reused for other words.
 * What it lets a reader of the table see is only that two values under one key are equal.
 */
export function sealString(plain: string, keyId: string, dataKey: Buffer): string {
  const iv = createHmac('sha256', dataKey)
    .update('oversight-siv\u0000')
    .update(plain, 'utf8')
    .digest()
    .subarray(0, IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
  cipher.setAAD(Buffer.from(keyId, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${SEALED_STRING_PREFIX}${keyId}:${iv.toString('base64')}:${body.toString('base64')}`;
}

/** The sealed text a string stands for, or null for a plain one. */
export function parseSealedString(value: string): SealedText | null {
  if (!value.startsWith(SEALED_STRING_PREFIX)) return null;
  const parts = SEALED_STRING.exec(value);
  return parts ? { sealed: 'v1', key: parts[1]!, iv: parts[2]!, text: parts[3]! } : null;
}
