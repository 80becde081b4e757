/** File helpers shared by the outbox writers: a crash never leaves a half-written file behind. */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Writes to a temporary file in the same folder, then renames it over the target (atomic on POSIX). */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

/** Keeps ids readable in file names; a hash suffix keeps two ids that differ only in symbols apart. */
export function safeFileName(id: string, hash: (s: string) => string): string {
  const clean = id.replace(/[^A-Za-z0-9._-]/g, '_');
  return clean === id ? id : `${clean}-${hash(id).slice(0, 8)}`;
}
