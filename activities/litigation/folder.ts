/** Where the file goes in the outbox, and writing the folder so that a crash never leaves half of it. */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { safeFileName } from '../files';
import { sha256Hex } from '../sent-log';

export interface LitigationPaths {
  /** The folder name, also the root folder inside the zip. */
  name: string;
  /** <outbox>/litigation/<invoiceId>/ */
  folder: string;
  /** <outbox>/litigation/<invoiceId>.zip */
  zip: string;
  /** <outbox>/litigation/<invoiceId>.handoff.json: the delivery record (idempotency). */
  record: string;
}

export function litigationPaths(outboxDir: string, invoiceId: string): LitigationPaths {
  const name = safeFileName(invoiceId, sha256Hex);
  const dir = join(outboxDir, 'litigation');
  return { name, folder: join(dir, name), zip: join(dir, `${name}.zip`), record: join(dir, `${name}.handoff.json`) };
}

/** Writes every entry into a temporary sibling folder, then swaps it in place of `folder`. */
export async function replaceFolder(folder: string, entries: Map<string, Uint8Array>): Promise<void> {
  const tmp = `${folder}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  for (const [path, bytes] of entries) {
    const target = join(tmp, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, bytes);
  }
  await rm(folder, { recursive: true, force: true });
  await rename(tmp, folder);
}
