/**
 * Invoice PDFs named by an export (`pdf_path`) are read only from one documents directory
 * (DUNNING_DOCUMENTS_DIR, default ./documents): a row cannot make the worker attach its env file,
 * /etc/passwd or anything else it can read. The same rules run at import (the CLI names the row and
 * the column) and in the sendEmail activity, on the bytes it actually reads:
 * - the path is relative to the directory, or absolute inside it; no `..` segment;
 * - once symlinks are resolved (the file's and the directory's), it is still inside the directory;
 * - a regular file, at most DUNNING_DOCUMENT_MAX_BYTES (default 10 MB), starting with `%PDF-`.
 */
import { closeSync, fstatSync, openSync, readSync, realpathSync, constants as fsConstants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';

export const DEFAULT_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;
const PDF_MAGIC = '%PDF-';

export interface DocumentRules {
  /** The documents directory, absolute. */
  dir: string;
  maxBytes: number;
}

export function documentRulesFromEnv(env: NodeJS.ProcessEnv = process.env): DocumentRules {
  const raw = env.DUNNING_DOCUMENT_MAX_BYTES;
  const maxBytes = raw ? Number(raw) : DEFAULT_DOCUMENT_MAX_BYTES;
  if (!Number.isInteger(maxBytes) || maxBytes <= 0) throw new Error(`DUNNING_DOCUMENT_MAX_BYTES must be a number of bytes, got "${raw}"`);
  return { dir: resolve(env.DUNNING_DOCUMENTS_DIR || './documents'), maxBytes };
}

/** Why a document is not read; `missing` when there is simply no file there. */
export interface Refusal {
  ok: false;
  reason: string;
  missing?: boolean;
}
export type DocumentCheck = { ok: true; path: string; bytes: number } | Refusal;

const refuse = (reason: string, missing?: boolean): Refusal => ({ ok: false, reason, ...(missing ? { missing } : {}) });

/** The path's syntax alone: where it points, before touching the disk. */
function locate(pdfPath: string, rules: DocumentRules): { ok: true; path: string } | { ok: false; reason: string } {
  if (pdfPath.split(/[\\/]/).includes('..')) return { ok: false, reason: 'a path with ".." is refused: name the file inside the documents directory' };
  const path = isAbsolute(pdfPath) ? resolve(pdfPath) : resolve(rules.dir, pdfPath);
  if (!inside(rules.dir, path)) return { ok: false, reason: `${pdfPath} is outside the documents directory ${rules.dir} (DUNNING_DOCUMENTS_DIR)` };
  return { ok: true, path };
}

function inside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

function checkReal(pdfPath: string, dirReal: string, fileReal: string, rules: DocumentRules): Refusal | undefined {
  if (!inside(dirReal, fileReal)) return refuse(`${pdfPath} leads outside the documents directory ${rules.dir} (through a symbolic link)`);
  return undefined;
}

function checkContent(pdfPath: string, size: number, head: Buffer, rules: DocumentRules): Refusal | undefined {
  if (size > rules.maxBytes) return refuse(`${pdfPath} is ${size} bytes; at most ${rules.maxBytes} (DUNNING_DOCUMENT_MAX_BYTES)`);
  if (head.subarray(0, PDF_MAGIC.length).toString('latin1') !== PDF_MAGIC) return refuse(`${pdfPath} is not a PDF (it does not start with %PDF-)`);
  return undefined;
}

const describeFsError = (pdfPath: string, path: string, err: unknown): Refusal => {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? refuse(`no file at ${path}`, true) : refuse(`cannot read ${pdfPath}: ${code ?? (err as Error).message}`);
};

/** At import: the whole check, synchronously. */
export function checkInvoiceDocument(pdfPath: string, rules: DocumentRules): DocumentCheck {
  const where = locate(pdfPath, rules);
  if (!where.ok) return refuse(where.reason);
  let fd: number | undefined;
  try {
    const fileReal = realpathSync(where.path);
    const bad = checkReal(pdfPath, realpathSync(rules.dir), fileReal, rules);
    if (bad) return bad;
    fd = openSync(fileReal, fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0));
    const st = fstatSync(fd);
    if (!st.isFile()) return refuse(`${pdfPath} is not a regular file`);
    const head = Buffer.alloc(PDF_MAGIC.length);
    const n = readSync(fd, head, 0, head.length, 0);
    return checkContent(pdfPath, st.size, head.subarray(0, n), rules) ?? { ok: true, path: fileReal, bytes: st.size };
  } catch (err) {
    return describeFsError(pdfPath, where.path, err);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export type DocumentRead = { ok: true; path: string; content: Buffer } | Refusal;

/**
 * In the activity: the same rules, and the bytes that are attached are the bytes that were checked
 * (the file is opened once, without following a last symlink, and read through that handle).
 */
export async function readInvoiceDocument(pdfPath: string, rules: DocumentRules): Promise<DocumentRead> {
  const where = locate(pdfPath, rules);
  if (!where.ok) return refuse(where.reason);
  let handle;
  try {
    const fileReal = await realpath(where.path);
    const bad = checkReal(pdfPath, await realpath(rules.dir), fileReal, rules);
    if (bad) return bad;
    handle = await open(fileReal, fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0));
    const st = await handle.stat();
    if (!st.isFile()) return refuse(`${pdfPath} is not a regular file`);
    if (st.size > rules.maxBytes) return refuse(`${pdfPath} is ${st.size} bytes; at most ${rules.maxBytes} (DUNNING_DOCUMENT_MAX_BYTES)`);
    const content = await handle.readFile();
    return checkContent(pdfPath, content.length, content, rules) ?? { ok: true, path: fileReal, content };
  } catch (err) {
    return describeFsError(pdfPath, where.path, err);
  } finally {
    await handle?.close();
  }
}
