import { createCipheriv, createDecipheriv, createHmac, createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import { randomBytesPooled } from '../../random.js';
import type { DataKey } from './data-keys.js';

/** Every personal column sealed at rest; the name goes into each value's authenticated data. */
export type SealedField =
  | 'citizens.name'
  | 'citizens.phone'
  | 'citizens.email'
  | 'citizens.cnic'
  | 'citizens.address'
  | 'complaints.address'
  | 'complaints.attributes'
  | 'privacy_secrets.value'
  | 'citizen_accounts.name'
  | 'citizen_accounts.phone'
  | 'citizen_accounts.email'
  | 'citizen_accounts.cnic'
  | 'inbound_messages.body'
  | 'whatsapp_conversations.wa_id'
  | 'whatsapp_conversations.bot_data'
  | 'sms_conversations.number'
  | 'sms_conversations.bot_data';

/** The kinds of exact lookup, each over a normalised value (see domain/contact.ts). */
export type LookupKind = 'phone' | 'email' | 'cnic';

/** A sealed value that cannot be opened: altered, moved to another row or column, or sealed under a key we lack. */
export class FieldDecryptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FieldDecryptError';
  }
}

/** Envelopes are "enc:<key id>:<base64 of iv | ciphertext | tag>"; blind indexes "idx:<key id>:<base64url of HMAC>". */
export const ENVELOPE_PREFIX = 'enc:';
export const LOOKUP_PREFIX = 'idx:';

const IV_BYTES = 12;
const TAG_BYTES = 16;
// HKDF gives each purpose its own key from one key's material, so the blind index and the cipher never share a key.
const HKDF_SALT = 'ekhtyar data key v1';

interface PreparedKey {
  id: string;
  cipher: KeyObject;
  index: KeyObject;
  fingerprint: Buffer;
}

function prepare(key: DataKey): PreparedKey {
  const derive = (info: string, bytes = 32) => Buffer.from(hkdfSync('sha256', key.material, HKDF_SALT, info, bytes));
  return { id: key.id, cipher: createSecretKey(derive('aes-256-gcm field encryption')), index: createSecretKey(derive('hmac-sha256 blind index')), fingerprint: derive('key fingerprint', 16) };
}

/**
 * Seals personal fields with AES-256-GCM, one value at a time, under the current key of a key ring, and opens them
 * under whichever key sealed them. The column and the row id are authenticated with each value, so a value copied
 * to another row or column does not open. Values stored before encryption (no "enc:" prefix) open as they are.
 * Blind indexes (keyed HMAC-SHA256 of the normalised value) let exact searches match without the value itself.
 */
export class FieldCipher {
  private keys: PreparedKey[] = [];
  private byId = new Map<string, PreparedKey>();
  private lastReload = 0;

  /** `reload` (a key file read again) is tried when a value names a key we do not hold, at most every 5 s. */
  constructor(
    keys: readonly DataKey[],
    private readonly reload: (() => readonly DataKey[] | null) | null = null,
  ) {
    this.use(keys);
  }

  private use(keys: readonly DataKey[]): void {
    if (keys.length === 0) throw new Error('a key ring needs at least one key');
    this.keys = keys.map(prepare);
    this.byId = new Map(this.keys.map((k) => [k.id, k]));
  }

  private get current(): PreparedKey {
    return this.keys[0]!;
  }

  /** The id of the key new values are sealed under. */
  get currentKeyId(): string {
    return this.current.id;
  }

  /** Every key id held, the current one first. */
  keyIds(): string[] {
    return this.keys.map((k) => k.id);
  }

  /** A value derived from each key that identifies it without revealing it (kept in the database to catch a wrong key). */
  fingerprints(): { id: string; fingerprint: Buffer }[] {
    return this.keys.map((k) => ({ id: k.id, fingerprint: k.fingerprint }));
  }

  /** The envelope of `plain` for this column of this row; null stays null. */
  seal(field: SealedField, rowId: string, plain: string | null): string | null {
    if (plain === null) return null;
    const key = this.current;
    const iv = randomBytesPooled(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key.cipher, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(field, rowId));
    const body = Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${ENVELOPE_PREFIX}${key.id}:${body.toString('base64')}`;
  }

  /** The plain value of a stored one: an envelope is opened (or FieldDecryptError thrown), older plain text returned as is. */
  open(field: SealedField, rowId: string, stored: string | null): string | null {
    if (stored === null || !stored.startsWith(ENVELOPE_PREFIX)) return stored;
    const rest = stored.slice(ENVELOPE_PREFIX.length);
    const colon = rest.indexOf(':');
    const keyId = colon === -1 ? '' : rest.slice(0, colon);
    const body = Buffer.from(rest.slice(colon + 1), 'base64');
    if (colon === -1 || body.length < IV_BYTES + TAG_BYTES) throw new FieldDecryptError(`${field} of ${rowId} is not a well-formed envelope`);
    const key = this.keyFor(keyId);
    if (!key) throw new FieldDecryptError(`${field} of ${rowId} is sealed under key "${keyId.slice(0, 32)}", which is not configured (EKHTYAR_DATA_KEYS or EKHTYAR_DATA_KEY_FILE)`);
    const decipher = createDecipheriv('aes-256-gcm', key.cipher, body.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(field, rowId));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(body.subarray(IV_BYTES, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new FieldDecryptError(`${field} of ${rowId} fails authentication under key "${keyId}": altered, or copied from another row or column`);
    }
  }

  /** The blind index of a normalised value under the current key, for the *_lookup column; null stays null. */
  lookup(kind: LookupKind, normalised: string | null): string | null {
    return normalised === null ? null : indexUnder(this.current, kind, normalised);
  }

  /**
   * Every form a stored lookup of this value may take: its blind index under each key held (rows not yet rotated
   * carry an older one) and the value itself (rows written before encryption, until `ekhtyar keys rotate`).
   */
  lookupCandidates(kind: LookupKind, normalised: string | null): string[] {
    return normalised === null ? [] : [...this.keys.map((key) => indexUnder(key, kind, normalised)), normalised];
  }

  private keyFor(id: string): PreparedKey | undefined {
    const known = this.byId.get(id);
    if (known || !this.reload || Date.now() - this.lastReload < 5000) return known;
    // A key file may have gained a key (ekhtyar keys rotate --new-key) since this process read it.
    this.lastReload = Date.now();
    const keys = this.reload();
    if (keys && keys.length > 0) this.use(keys);
    return this.byId.get(id);
  }
}

/** The key id a stored envelope or blind index names; null for a value stored in clear (or no value). */
export function storedKeyId(stored: string | null): string | null {
  if (stored === null) return null;
  const prefix = stored.startsWith(ENVELOPE_PREFIX) ? ENVELOPE_PREFIX : stored.startsWith(LOOKUP_PREFIX) ? LOOKUP_PREFIX : null;
  if (!prefix) return null;
  const end = stored.indexOf(':', prefix.length);
  return end === -1 ? null : stored.slice(prefix.length, end);
}

function associatedData(field: SealedField, rowId: string): Buffer {
  return Buffer.from(`${field}\u0000${rowId}`, 'utf8');
}

function indexUnder(key: PreparedKey, kind: LookupKind, normalised: string): string {
  const mac = createHmac('sha256', key.index).update(`${kind}\u0000${normalised}`, 'utf8').digest('base64url');
  return `${LOOKUP_PREFIX}${key.id}:${mac}`;
}
