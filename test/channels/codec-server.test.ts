/** Issue #14: the codec server the Web UI calls (scripts/codec-server.ts): protocol, CORS, bearer token. */
import { defaultPayloadConverter } from '@temporalio/common';
import { afterEach, describe, expect, it } from 'vitest';
import { EncryptionCodec, generateKey, parseKeyList } from '../../config/codec';
import { startCodecServer, type CodecServer } from '../../scripts/codec-server';

const UI = 'http://localhost:8233';
const codec = new EncryptionCodec(parseKeyList(generateKey('k1')));
let server: CodecServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const b64 = (s: string | Uint8Array) => Buffer.from(s).toString('base64');

async function encrypted(value: unknown) {
  const [p] = await codec.encode([defaultPayloadConverter.toPayload(value)!]);
  return { metadata: Object.fromEntries(Object.entries(p.metadata!).map(([k, v]) => [k, b64(v)])), data: b64(p.data!) };
}

describe('codec server', () => {
  it('decodes and encodes payloads in the Temporal codec server protocol, for the UI origin', async () => {
    server = await startCodecServer({ codec, origins: [UI], port: 0 });
    const res = await fetch(`${server.url}/decode`, {
      method: 'POST',
      headers: { origin: UI, 'content-type': 'application/json', 'x-namespace': 'default' },
      body: JSON.stringify({ payloads: [await encrypted({ email: 'zq@debtor.example' })] }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(UI);
    const { payloads } = (await res.json()) as { payloads: Array<{ metadata: Record<string, string>; data: string }> };
    expect(Buffer.from(payloads[0].metadata.encoding, 'base64').toString()).toBe('json/plain');
    expect(JSON.parse(Buffer.from(payloads[0].data, 'base64').toString())).toEqual({ email: 'zq@debtor.example' });

    const enc = await fetch(`${server.url}/encode`, { method: 'POST', body: JSON.stringify({ payloads: [{ metadata: { encoding: b64('json/plain') }, data: b64('"hi"') }] }) });
    const out = (await enc.json()) as { payloads: Array<{ metadata: Record<string, string> }> };
    expect(Buffer.from(out.payloads[0].metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
  });

  it('answers the preflight for the UI origin and refuses any other origin', async () => {
    server = await startCodecServer({ codec, origins: [UI], port: 0 });
    const pre = await fetch(`${server.url}/decode`, { method: 'OPTIONS', headers: { origin: UI, 'access-control-request-method': 'POST' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-headers')).toContain('x-namespace');
    const evil = await fetch(`${server.url}/decode`, { method: 'POST', headers: { origin: 'https://evil.example' }, body: JSON.stringify({ payloads: [await encrypted('secret')] }) });
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect(await evil.text()).not.toContain('secret');
  });

  it('requires the bearer token when one is set', async () => {
    server = await startCodecServer({ codec, origins: [UI], port: 0, token: 's3cret-token' });
    const body = JSON.stringify({ payloads: [await encrypted('x')] });
    expect((await fetch(`${server.url}/decode`, { method: 'POST', body })).status).toBe(401);
    expect((await fetch(`${server.url}/decode`, { method: 'POST', body, headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${server.url}/decode`, { method: 'POST', body, headers: { authorization: 'Bearer s3cret-token' } })).status).toBe(200);
  });

  it('says why a payload cannot be decoded (unknown key), without echoing it', async () => {
    server = await startCodecServer({ codec: new EncryptionCodec(parseKeyList(generateKey('other'))), origins: [UI], port: 0 });
    const res = await fetch(`${server.url}/decode`, { method: 'POST', body: JSON.stringify({ payloads: [await encrypted('secret')] }) });
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: string }).error).toMatch(/key "k1", which is not among the configured keys/);
  });
});
