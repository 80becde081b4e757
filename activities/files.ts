/**
 * File helpers shared by the outbox writers: a crash never leaves a half-written file behind, and
 * a write that returned is on disk (fsync of the file, then of its folder, so the rename or the
 * new name survives a power loss too, not only a process crash).
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/** fsync of a folder, so a rename or a new entry in it is durable. Not every platform allows it. */
export async function fsyncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (err) {
    // Windows cannot open a folder; some file systems refuse fsync on one. Nothing more to do there.
    if (!['EISDIR', 'EPERM', 'EACCES', 'EINVAL', 'ENOTSUP'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
  } finally {
    await handle?.close();
  }
}

/** mkdir -p; a folder it creates is made durable in its parent. */
export async function ensureDir(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true });
  if (first) await fsyncDir(dirname(first));
}

async function writeDurably(path: string, data: string | Uint8Array, flag: 'w' | 'wx'): Promise<void> {
  const handle = await open(path, flag);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

const tmpName = (path: string) => `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;

/**
 * Writes to a temporary file in the same folder, fsyncs it, renames it over the target (atomic on
 * POSIX) and fsyncs the folder. Readers see the old content or the new one, never a mix, and once
 * it returned the new content survives a crash.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await ensureDir(dirname(path));
  const tmp = tmpName(path);
  try {
    await writeDurably(tmp, data, 'wx');
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await fsyncDir(dirname(path));
}

/**
 * Like writeFileAtomic, but never replaces an existing file: fails with EEXIST when `path` exists
 * (link(2) of the complete temporary file is exclusive and atomic). On a file system without hard
 * links it falls back to an exclusive create (still exclusive, but a crash may leave it partial).
 */
export async function writeFileExclusive(path: string, data: string | Uint8Array): Promise<void> {
  await ensureDir(dirname(path));
  const tmp = tmpName(path);
  try {
    await writeDurably(tmp, data, 'wx');
    try {
      await link(tmp, path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (!['EPERM', 'ENOTSUP', 'ENOSYS', 'EXDEV'].includes(code)) throw err;
      await writeDurably(path, data, 'wx');
    }
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
  await fsyncDir(dirname(path));
}

/**
 * Appends one line with a single write in append mode and fsyncs it. If the file does not end with
 * a newline (a crash tore the previous append), the line starts on a new line, so the torn one
 * stays alone and cannot swallow this one.
 */
export async function appendLineDurable(path: string, line: string): Promise<void> {
  await ensureDir(dirname(path));
  const handle = await open(path, 'a+');
  try {
    const { size } = await handle.stat();
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    await handle.appendFile(`${prefix}${line}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Keeps ids readable in file names; a hash suffix keeps two ids that differ only in symbols apart. */
export function safeFileName(id: string, hash: (s: string) => string): string {
  const clean = id.replace(/[^A-Za-z0-9._-]/g, '_');
  return clean === id ? id : `${clean}-${hash(id).slice(0, 8)}`;
}
