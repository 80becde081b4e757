/**
 * GDPR retention (domain.md §8: keep only what collection needs, delete once paid and past the
 * retention period). What `dunning purge` deletes from the outbox, decided from the runs' states:
 * pure, so the rule is unit-tested; client/commands/purge.ts does the listing and the deleting.
 */
import { safeFileName } from '../activities/files';
import { sha256Hex } from '../activities/sent-log';
import { mergedBriefPath } from '../activities/brief';
import type { DunningView } from '../domain/views/read-model';

/** Files whose collection ended: paid, settled, cancelled or credited. Litigation and insolvency files are kept (a claim is still pursued). */
const ENDED = new Set(['paid', 'settled', 'cancelled', 'credited']);

export interface PurgePlan {
  /** Invoices closed before the cut-off whose working documents go. */
  invoices: string[];
  /** Paths relative to the outbox: the invoice's folders (briefs, visits, approvals), its email and SMS copies, merged calls' briefs. */
  paths: string[];
  /** Files left, with why. */
  kept: Array<{ invoiceId: string; reason: string }>;
}

/**
 * `closedBefore` (ms): files closed before it are past the retention period. A message merged for
 * several invoices (the debtor's run) goes only once every invoice it covered is purged. Letters
 * are kept: the creditor's proof of its formal correspondence (limitation periods, domain.md §8).
 */
export function purgePlan(views: readonly DunningView[], closedBefore: number): PurgePlan {
  const purged = new Set<string>();
  const kept: PurgePlan['kept'] = [];
  for (const v of views) {
    const id = v.invoice.invoiceId;
    if (!v.outcome) continue;
    if (!ENDED.has(v.outcome)) kept.push({ invoiceId: id, reason: `outcome ${v.outcome}: the claim is still pursued` });
    else if ((v.closedAt ?? Infinity) >= closedBefore) kept.push({ invoiceId: id, reason: 'closed within the retention period' });
    else purged.add(id);
  }
  // Every invoice that holds each message: a merged message stays while one of them stays.
  const holders = new Map<string, Set<string>>();
  for (const v of views) {
    for (const t of v.touches) {
      if ((t.channel !== 'email' && t.channel !== 'sms') || !t.messageId) continue;
      const key = `${t.channel}/${t.messageId}`;
      holders.set(key, (holders.get(key) ?? new Set()).add(v.invoice.invoiceId));
    }
  }
  const paths: string[] = [];
  for (const id of [...purged].sort()) {
    const dir = safeFileName(id, sha256Hex);
    paths.push(`briefs/${dir}`, `visits/${dir}`, `approvals/${dir}`);
  }
  paths.push(...mergedBriefPaths(views, purged));
  for (const [key, ids] of [...holders].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (![...ids].every((id) => purged.has(id))) continue;
    const [channel, messageId] = key.split('/');
    // The outbox names copies by message id; an id that could leave the folder names no file of ours.
    if (!/^[A-Za-z0-9._@<>+=-]+$/.test(messageId) || messageId.includes('..')) continue;
    const base = `${channel === 'email' ? 'emails' : 'sms'}/${messageId}`;
    paths.push(...(channel === 'email' ? ['.html', '.eml', '.json'] : ['.txt', '.json']).map((ext) => base + ext));
  }
  return { invoices: [...purged].sort(), paths, kept };
}

/** The brief file of a merged call (the debtor's run) goes once every invoice on that call is purged. */
function mergedBriefPaths(views: readonly DunningView[], purged: ReadonlySet<string>): string[] {
  const holders = new Map<string, { debtorId: string; debtorTaskId: string; ids: Set<string> }>();
  for (const v of views) {
    for (const t of v.callTasks) {
      if (!t.debtorTaskId) continue;
      const debtorId = v.invoice.debtor.debtorId;
      const key = `${debtorId}\u0000${t.debtorTaskId}`;
      const h = holders.get(key) ?? { debtorId, debtorTaskId: t.debtorTaskId, ids: new Set<string>() };
      holders.set(key, { ...h, ids: h.ids.add(v.invoice.invoiceId) });
    }
  }
  return [...holders.values()]
    .filter((h) => [...h.ids].every((id) => purged.has(id)))
    .map((h) => mergedBriefPath(h.debtorId, h.debtorTaskId))
    .sort();
}
