/** Issue #14: the AES-256-GCM payload codec, its keys and their rotation (config/codec.ts). */
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { codecKeysFromEnv, EncryptionCodec, generateKey, parseKeyFile, parseKeyList } from '../../config/codec';

const payload = (value: unknown): Payload => defaultPayloadConverter.toPayload(value)!;
const text = (p: Payload) => Buffer.from(p.data ?? []).toString('utf8');
const meta = (p: Payload, k: string) => Buffer.from(p.metadata?.[k] ?? []).toString();

describe('EncryptionCodec', () => {
  const k1 = generateKey('k1');
  const k2 = generateKey('k2');

  it('encrypts every payload, names its key, and gives back the same payload', async () => {
    const codec = new EncryptionCodec(parseKeyList(k1));
    const original = payload({ contact: 'Zéphyrin Quillardet', email: 'zq@debtor.example' });
    const [encoded] = await codec.encode([original]);
    expect(meta(encoded, 'encoding')).toBe('binary/encrypted');
    expect(meta(encoded, 'encryption-key-id')).toBe('k1');
    expect(Buffer.from(encoded.data!).includes('Quillardet')).toBe(false);
    expect(Buffer.from(encoded.data!).includes('json/plain')).toBe(false); // the inner metadata is encrypted too
    const [decoded] = await codec.decode([encoded]);
    expect(meta(decoded, 'encoding')).toBe('json/plain');
    expect(JSON.parse(text(decoded))).toEqual({ contact: 'Zéphyrin Quillardet', email: 'zq@debtor.example' });
    // A fresh IV each time: the same value never gives the same bytes.
    const [again] = await codec.encode([original]);
    expect(Buffer.from(again.data!).equals(Buffer.from(encoded.data!))).toBe(false);
  });

  it('rotates keys: the first encrypts, the older ones still decrypt', async () => {
    const [old] = await new EncryptionCodec(parseKeyList(k1)).encode([payload('written with k1')]);
    const rotated = new EncryptionCodec(parseKeyList(`${k2},${k1}`));
    expect(rotated.currentKeyId).toBe('k2');
    expect(text((await rotated.decode([old]))[0])).toBe('"written with k1"');
    const [fresh] = await rotated.encode([payload('x')]);
    expect(meta(fresh, 'encryption-key-id')).toBe('k2');
    await expect(new EncryptionCodec(parseKeyList(k1)).decode([fresh])).rejects.toThrow('payload encrypted with key "k2", which is not among the configured keys (k1)');
  });

  it('refuses a tampered payload, and lets payloads written before the key through', async () => {
    const codec = new EncryptionCodec(parseKeyList(k1));
    const [encoded] = await codec.encode([payload('amount 100.00')]);
    const data = Buffer.from(encoded.data!);
    data[20] ^= 1;
    await expect(codec.decode([{ ...encoded, data }])).rejects.toThrow();
    const clear = payload('old run');
    expect(await codec.decode([clear])).toEqual([clear]);
  });
});

describe('keys from the environment', () => {
  it('reads DUNNING_CODEC_KEYS or a key file, the first key current', () => {
    const [a, b] = [generateKey('2026-a'), generateKey('2025-b')];
    expect(codecKeysFromEnv({})).toBeUndefined();
    expect(codecKeysFromEnv({ DUNNING_CODEC_KEYS: `${a}, ${b}` })!.map((k) => k.id)).toEqual(['2026-a', '2025-b']);
    const file = JSON.stringify({ keys: [a, b].map((s) => ({ id: s.split(':')[0], key: s.split(':')[1] })) });
    expect(parseKeyFile(file, 'keys.json').map((k) => k.id)).toEqual(['2026-a', '2025-b']);
  });

  it('says what is wrong with a key', () => {
    expect(() => parseKeyList('k1:c2hvcnQ=')).toThrow('DUNNING_CODEC_KEYS: key k1 must be 32 bytes in base64 (AES-256), got 5 bytes');
    expect(() => parseKeyList(`${generateKey('k1')},${generateKey('k1')}`)).toThrow('key id k1 given twice');
    expect(() => parseKeyList('nocolon')).toThrow(/expected id:base64key/);
    expect(() => codecKeysFromEnv({ DUNNING_CODEC_KEYS: generateKey('a'), DUNNING_CODEC_KEY_FILE: '/x' })).toThrow(/not both/);
  });
});
