import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCallBriefWriter } from '../../activities/brief';
import { createOutboxTransport } from '../../activities/email-outbox';
import { DEFAULT_CREDITOR } from '../../config/creditor';
import { purgePlan } from '../../client/purge';
import { toView } from '../../domain/views/read-model';
import { Shell, utc } from './core/driver';

/**
 * GDPR retention (domain.md §8): `dunning purge` deletes the working documents of invoices whose
 * collection ended before the cut-off. Sample invoice due Wed 3 Feb 2027; reminder_1 email Thu 4 Feb.
 */
// The pure shell names messages by step; real ids are unique per invoice (they come from the idempotency key).
const viewOf = (sh: Shell) => {
  const v = toView(sh.state, sh.policy, sh.now);
  return { ...v, touches: v.touches.map((t) => (t.messageId ? { ...t, messageId: `${v.invoice.invoiceId}-${t.messageId}` } : t)) };
};
const paid = (id: string, on: string) => Shell.start({ at: '2027-01-25T08:00:00Z', invoice: { invoiceId: id } }).runUntil('2027-02-05T00:00:00Z').pay(on, `P-${id}`, 123_456);
const CUT = utc('2027-02-15T00:00:00Z');

describe('dunning purge: what goes, what stays', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'dunning-purge-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('a file paid before the cut-off loses its briefs, visit and approval folders and its email copies; later, open, litigation files keep theirs', () => {
    const old = viewOf(paid('INV-OLD', '2027-02-10T10:00:00Z'));
    const recent = viewOf(paid('INV-NEW', '2027-02-20T10:00:00Z'));
    const open = viewOf(Shell.start({ at: '2027-01-25T08:00:00Z', invoice: { invoiceId: 'INV-OPEN' } }).runUntil('2027-02-05T00:00:00Z'));
    const litigation = viewOf(Shell.start({ at: '2027-01-25T08:00:00Z', invoice: { invoiceId: 'INV-LIT' } }).runToEnd());
    const plan = purgePlan([old, recent, open, litigation], CUT);
    const email = old.touches.find((t) => t.channel === 'email')!.messageId!;
    expect(plan.invoices).toEqual(['INV-OLD']);
    expect(plan.paths).toEqual(['briefs/INV-OLD', 'visits/INV-OLD', 'approvals/INV-OLD', `emails/${email}.html`, `emails/${email}.eml`, `emails/${email}.json`]);
    expect(plan.kept).toEqual([
      { invoiceId: 'INV-NEW', reason: 'closed within the retention period' },
      { invoiceId: 'INV-LIT', reason: 'outcome litigation: the claim is still pursued' },
    ]);
  });

  it('a message merged for two invoices goes only once both are purged', () => {
    const a = viewOf(paid('INV-A', '2027-02-10T10:00:00Z'));
    const b = viewOf(paid('INV-B', '2027-02-20T10:00:00Z'));
    const shared = a.touches.find((t) => t.channel === 'email')!;
    const bShares = { ...b, touches: [...b.touches, shared] };
    expect(purgePlan([a, bShares], CUT).paths.some((p) => p.includes(shared.messageId!))).toBe(false);
    expect(purgePlan([a, bShares], utc('2027-03-01T00:00:00Z')).paths.filter((p) => p.includes(shared.messageId!))).toHaveLength(3);
  });

  it("a merged call's brief file (the debtor's run) goes only once every invoice on the call is purged", () => {
    const onCall = (v: ReturnType<typeof viewOf>) => ({ ...v, callTasks: [...v.callTasks, { ...v.callTasks[0], taskId: 'call_1-1', debtorTaskId: 'ACME-call-1-ab12' }] });
    const a = onCall(viewOf(paid('INV-A', '2027-02-10T10:00:00Z')));
    const b = onCall(viewOf(paid('INV-B', '2027-02-20T10:00:00Z')));
    const file = 'briefs/debtor-ACME/ACME-call-1-ab12.md';
    expect(purgePlan([a, b], CUT).paths).not.toContain(file);
    expect(purgePlan([a, b], utc('2027-03-01T00:00:00Z')).paths).toContain(file);
  });

  it('the paths are those the real writers use: deleting them leaves nothing of the purged invoice', async () => {
    const sh = paid('INV-OLD', '2027-02-10T10:00:00Z');
    const view = viewOf(sh);
    const outbox = join(tmp, 'outbox');
    const { path: brief } = await createCallBriefWriter(outbox, DEFAULT_CREDITOR)({ taskId: 'pre_due_call-1', view });
    const messageId = view.touches.find((t) => t.channel === 'email')!.messageId!;
    const mailbox = { name: 'Acme', email: 'ap@acme.fr' };
    const sent = await createOutboxTransport(outbox).send({ messageId, idempotencyKey: 'k', from: mailbox, to: mailbox, replyTo: mailbox, subject: 's', text: 't', html: '<p>t</p>', attachments: [], customArgs: {}, categories: [], headers: {} });
    const eml = sent.path ?? '';
    expect(eml).toBe(join(outbox, 'emails', `${messageId}.eml`));
    expect([existsSync(brief), existsSync(eml)]).toEqual([true, true]);
    for (const p of purgePlan([view], CUT).paths) await rm(join(outbox, p), { recursive: true, force: true });
    expect([existsSync(brief), existsSync(eml), existsSync(eml.replace('.eml', '.json')), existsSync(eml.replace('.eml', '.html'))]).toEqual([false, false, false, false]);
  });
});
