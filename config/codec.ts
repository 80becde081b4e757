/**
 * Encrypted payloads: every payload the worker, the CLI and the tests send to Temporal (workflow
 * inputs and results, signals, updates, queries, activity arguments, memo, summaries, and with
 * `encodeCommonAttributes` the failure messages too) is AES-256-GCM encrypted before it leaves the
 * process, so debtors' contacts, emails, phones and addresses never sit in clear in the server's
 * database, its backups or a Temporal Cloud namespace. Search attributes are not payloads: they
 * carry ids, the company name, stages and amounts only (domain/views/presentation.ts).
 *
 * Format (the common Temporal encryption-codec layout): metadata `encoding: binary/encrypted` and
 * `encryption-key-id: <id>`; data = 12-byte IV ‖ ciphertext ‖ 16-byte GCM tag of the original
 * Payload in protobuf, the key id bound as additional authenticated data.
 *
 * Keys: DUNNING_CODEC_KEYS=`k2:<base64 32 bytes>,k1:<base64>` (the first encrypts, all decrypt) or
 * DUNNING_CODEC_KEY_FILE=keys.json `{ "keys": [{ "id": "k2", "key": "<base64>" }, ...] }`, same
 * order. Rotation: put a new key first, keep the old ones as long as histories encrypted with them
 * may be read (docs/security.md). `npm run codec:keygen` prints a new key.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

export const ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface CodecKey {
  id: string;
  key: Buffer;
}

/** The keys, the current one (which encrypts) first. */
export type CodecKeys = readonly [CodecKey, ...CodecKey[]];

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

function codecKey(id: string, base64: string, where: string): CodecKey {
  if (!KEY_ID.test(id)) throw new Error(`${where}: key id "${id}" must be 1-64 letters, digits, . _ -`);
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${where}: key ${id} must be 32 bytes in base64 (AES-256), got ${key.length} bytes`);
  return { id, key };
}

function checked(keys: CodecKey[], where: string): CodecKeys {
  const [first, ...rest] = keys;
  if (!first) throw new Error(`${where}: no key`);
  const ids = keys.map((k) => k.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) throw new Error(`${where}: key id ${twice} given twice`);
  return [first, ...rest];
}

/** `k2:<base64>,k1:<base64>`. */
export function parseKeyList(text: string, where = 'DUNNING_CODEC_KEYS'): CodecKeys {
  const keys = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.indexOf(':');
      if (at < 1) throw new Error(`${where}: expected id:base64key entries separated by commas, got "${entry.slice(0, 12)}…"`);
      return codecKey(entry.slice(0, at), entry.slice(at + 1), where);
    });
  return checked(keys, where);
}

/** `{ "keys": [{ "id": "k2", "key": "<base64>" }, ...] }`. */
export function parseKeyFile(json: string, where: string): CodecKeys {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (err) {
    throw new Error(`${where}: not valid JSON: ${(err as Error).message}`);
  }
  const list = (data as { keys?: unknown })?.keys;
  if (!Array.isArray(list)) throw new Error(`${where}: expected { "keys": [{ "id": "...", "key": "<base64>" }] }`);
  return checked(
    list.map((k: unknown, i) => {
      const { id, key } = (k ?? {}) as { id?: unknown; key?: unknown };
      if (typeof id !== 'string' || typeof key !== 'string') throw new Error(`${where}: keys.${i} needs "id" and "key" (base64) strings`);
      return codecKey(id, key, where);
    }),
    where,
  );
}

/** The keys from the environment, or undefined when none is configured (payloads stay in clear). */
export function codecKeysFromEnv(env: NodeJS.ProcessEnv = process.env): CodecKeys | undefined {
  if (env.DUNNING_CODEC_KEYS && env.DUNNING_CODEC_KEY_FILE) throw new Error('set DUNNING_CODEC_KEYS or DUNNING_CODEC_KEY_FILE, not both');
  if (env.DUNNING_CODEC_KEYS) return parseKeyList(env.DUNNING_CODEC_KEYS);
  const file = env.DUNNING_CODEC_KEY_FILE;
  if (!file) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`DUNNING_CODEC_KEY_FILE: cannot read ${file}: ${(err as Error).message}`);
  }
  return parseKeyFile(text, `DUNNING_CODEC_KEY_FILE ${file}`);
}

/** A new random key as `id:base64` (npm run codec:keygen). */
export function generateKey(id: string): string {
  if (!KEY_ID.test(id)) throw new Error(`key id "${id}" must be 1-64 letters, digits, . _ -`);
  return `${id}:${randomBytes(32).toString('base64')}`;
}

export class EncryptionCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;
  constructor(private readonly keys: CodecKeys) {
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  /** The key that encrypts. */
  get currentKeyId(): string {
    return this.keys[0].id;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.keys[0];
    return payloads.map((p) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(id));
      const plain = temporal.api.common.v1.Payload.encode(p).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { encoding: Buffer.from(ENCODING), [KEY_ID_METADATA]: Buffer.from(id) }, data };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => {
      if (Buffer.from(p.metadata?.encoding ?? []).toString() !== ENCODING) return p; // written before a key was set
      const id = Buffer.from(p.metadata?.[KEY_ID_METADATA] ?? []).toString();
      const key = this.byId.get(id);
      if (!key) throw new Error(`payload encrypted with key "${id}", which is not among the configured keys (${[...this.byId.keys()].join(', ')})`);
      const data = Buffer.from(p.data ?? []);
      if (data.length < IV_BYTES + TAG_BYTES) throw new Error('encrypted payload too short');
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(id));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      const decoded = temporal.api.common.v1.Payload.decode(plain);
      return { metadata: decoded.metadata, data: decoded.data };
    });
  }
}

/**
 * The data converter of the worker, the CLI and the tests: undefined without keys. Failures go
 * through config/failure-converter.js, loaded by path (the worker also bundles it into workflow
 * code), so their messages and stack traces are encrypted too.
 */
export function codecDataConverter(keys: CodecKeys | undefined): DataConverter | undefined {
  if (!keys) return undefined;
  return { payloadCodecs: [new EncryptionCodec(keys)], failureConverterPath: join(__dirname, 'failure-converter.js') };
}

/** Said once when a worker starts without a key. */
export const NO_KEY_NOTICE =
  'payloads are NOT encrypted: contacts, emails and addresses of debtors are stored in clear by Temporal. Set DUNNING_CODEC_KEYS or DUNNING_CODEC_KEY_FILE (docs/security.md)';
