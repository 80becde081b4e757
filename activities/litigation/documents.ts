/**
 * Copies of everything sent, for the file (domain.md §6: "all letters and emails sent"): letters
 * from the PDF the letter activity wrote (touch.path), emails from the local outbox by message id
 * (.eml and .html), SMS from their text kept in <outbox>/sms/ (both modes). An email sent through
 * SendGrid has no local copy; the file says so instead of failing, since no retry could make the copy appear.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import type { Touch } from '../../domain/dunning/state';
import { safeFileName } from '../files';
import { sha256Hex } from '../sent-log';
import { localDateTime } from './dates';

export interface FiledDocument {
  /** Index of the touch in the snapshot. */
  touch: number;
  channel: 'letter' | 'email' | 'sms';
  date: string;
  stepId: string;
  template: string;
  messageId?: string;
  trackingNumber?: string;
  /** Paths inside the litigation folder; empty when no copy was found. */
  files: string[];
  /** Why there is no copy. */
  missing?: string;
  /** Number in the list of exhibits (bordereau de pièces), when a copy is in the file. */
  piece?: number;
}

/** `name`, or `name-2`, `name-3`... when already taken in `folder`. */
function uniqueName(used: Set<string>, folder: string, name: string): string {
  let candidate = name;
  for (let n = 2; used.has(`${folder}/${candidate}`); n++) candidate = `${name}-${n}`;
  used.add(`${folder}/${candidate}`);
  return candidate;
}

export interface CollectedDocuments {
  documents: FiledDocument[];
  /** Folder-relative path -> bytes. */
  entries: Map<string, Uint8Array>;
}

const within = (outboxDir: string, path: string) => (isAbsolute(path) ? path : resolve(outboxDir, path));

async function copy(entries: Map<string, Uint8Array>, source: string, target: string): Promise<string | undefined> {
  if (!existsSync(source)) return undefined;
  entries.set(target, await readFile(source));
  return target;
}

export async function collectDocuments(outboxDir: string, touches: Touch[], timeZone: string): Promise<CollectedDocuments> {
  const entries = new Map<string, Uint8Array>();
  const documents: FiledDocument[] = [];
  const used = new Set<string>();
  let pieces = 0;
  for (const [index, t] of touches.entries()) {
    if (t.result !== 'sent' || (t.channel !== 'letter' && t.channel !== 'email' && t.channel !== 'sms')) continue;
    const date = localDateTime(t.at, timeZone).date;
    // Named by date and template (step ids such as gap-<instant> mean nothing to a reader).
    const name = uniqueName(used, t.channel, `${date}_${safeFileName(t.template, sha256Hex)}`);
    const doc: FiledDocument = {
      touch: index,
      channel: t.channel,
      date,
      stepId: t.stepId,
      template: t.template,
      ...(t.messageId ? { messageId: t.messageId } : {}),
      ...(t.trackingNumber ? { trackingNumber: t.trackingNumber } : {}),
      files: [],
    };
    if (t.channel === 'letter') {
      const copied = t.path ? await copy(entries, within(outboxDir, t.path), `letters/${name}.pdf`) : undefined;
      if (copied) doc.files.push(copied);
      else doc.missing = t.path ? `PDF introuvable : ${t.path}` : 'aucun PDF enregistré pour ce courrier';
    } else if (t.channel === 'sms') {
      const txt = t.path?.endsWith('.txt') ? within(outboxDir, t.path) : t.messageId ? join(outboxDir, 'sms', `${t.messageId}.txt`) : undefined;
      const copied = txt ? await copy(entries, txt, `sms/${name}.txt`) : undefined;
      if (copied) doc.files.push(copied);
      else doc.missing = 'pas de copie locale du SMS';
    } else {
      const eml = t.path?.endsWith('.eml') ? within(outboxDir, t.path) : t.messageId ? join(outboxDir, 'emails', `${t.messageId}.eml`) : undefined;
      for (const [source, ext] of eml ? ([[eml, 'eml'], [eml.replace(/\.eml$/, '.html'), 'html']] as const) : []) {
        const copied = await copy(entries, source, `emails/${name}.${ext}`);
        if (copied) doc.files.push(copied);
      }
      if (!doc.files.length) doc.missing = "pas de copie locale (envoyé par le prestataire d'e-mail)";
    }
    if (doc.files.length) doc.piece = ++pieces;
    documents.push(doc);
  }
  return { documents, entries };
}
