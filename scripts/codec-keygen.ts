/**
 * `npm run codec:keygen [-- <id>]`: prints a new AES-256 key as `id:base64` (id default: k<YYYYMMDD>).
 * Put it first in DUNNING_CODEC_KEYS to make it the current key (docs/security.md, "Rotating keys").
 */
import { generateKey } from '../config/codec';

const id = process.argv[2] ?? `k${new Date().toISOString().slice(0, 10).replace(/-/g, '')}`;
console.log(generateKey(id));
