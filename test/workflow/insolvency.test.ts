import { describe, expect, it } from 'vitest';
import { debtorWorkflowId } from '../../domain/debtor/state';
import * as msg from '../../workflows/messages';
import { startScenario, travelTo } from '../helpers/scenario';
import { useTimeSkippingEnv } from '../helpers/temporal';

/**
 * `dunning insolvency --debtor ACME ...` in the default (coordinated) mode signals the debtor's
 * workflow (client/commands/insolvency.ts: debtorInsolvencyOpened), which stops every open invoice
 * of the debtor (stay of individual actions, Code de commerce L622-21). Each invoice closes with
 * outcome `insolvency` and a claim-filing task: with the liquidateur in liquidation (L641-3), due 2
 * months after the BODACC publication (R622-24; late claims barred, L622-26):
 * BODACC Tue 26 Jan 2027 + 2 months = Fri 26 Mar 2027.
 * Three invoices started Mon 25 Jan 2027 09:00 Paris (as test/workflow/debtor.test.ts): A due 6 Jan
 * (overdue: letter_1 at once), B due 2 Feb and C due 1 Feb (pre-due): one merged call task opens
 * Wed 27 Jan 10:00 for the three.
 */
describe('insolvency of a debtor with three invoices, through its workflow', () => {
  const envOf = useTimeSkippingEnv();

  it('every invoice stops with a claim-filing task due BODACC + 2 months, filed with the liquidateur; nothing is sent after', async () => {
    const env = envOf();
    await travelTo(env, '2027-01-25T08:00:00Z');
    const taskQueue = 'insolvency-debtor';
    const a = await startScenario(env, { invoice: { invoiceId: 'INV-IA', dueDate: '2027-01-06', issueDate: '2026-12-07', amountCents: 100_000 }, coordinated: true, taskQueue });
    const b = await startScenario(env, { invoice: { invoiceId: 'INV-IB', dueDate: '2027-02-02', issueDate: '2027-01-03', amountCents: 200_000 }, coordinated: true, taskQueue, worker: a.worker, log: a.log });
    const c = await startScenario(env, { invoice: { invoiceId: 'INV-IC', dueDate: '2027-02-01', issueDate: '2027-01-02', amountCents: 123_456 }, coordinated: true, taskQueue, worker: a.worker, log: a.log });
    const debtor = env.client.workflow.getHandle(debtorWorkflowId('ACME'));
    await a.run(async () => {
      await travelTo(env, '2027-01-27T10:00:00Z'); // Wed 11:00: the merged call task is open
      const before = await Promise.all([a, b, c].map((sc) => sc.state()));
      expect(before.map((v) => v.openTask?.status)).toEqual(['open', 'open', 'open']);
      const sentBefore = a.log.length;

      // What `dunning insolvency --debtor ACME --procedure liquidation --mandatary "Me Dupont, Rouen"
      // --opened-on 2027-01-20 --bodacc 2027-01-26` sends when the debtor's workflow runs.
      await debtor.signal(msg.debtorInsolvencyOpened, { procedure: 'liquidation', mandatary: 'Me Dupont, Rouen', openedOn: '2027-01-20', bodaccPublishedOn: '2027-01-26' });
      await travelTo(env, '2027-01-27T11:00:00Z');
      const results = await Promise.all([a, b, c].map((sc) => sc.state()));
      expect(results.map((r) => [r.invoice.invoiceId, r.stage, r.outcome])).toEqual([['INV-IA', 'closed', 'insolvency'], ['INV-IB', 'closed', 'insolvency'], ['INV-IC', 'closed', 'insolvency']]);
      for (const r of results) {
        expect(r.closeReason).toBe('insolvency proceedings (liquidation): file the claim with the liquidateur (Me Dupont, Rouen) by 2027-03-26 (Code de commerce L641-3, R622-24)');
      }
      const after = await Promise.all([a, b, c].map((sc) => sc.state()));
      for (const v of after) {
        expect(v.insolvency).toMatchObject({ procedure: 'liquidation', openedOn: '2027-01-20', bodaccPublishedOn: '2027-01-26' });
        expect(v.insolvency?.claimFiling).toEqual({ with: 'liquidateur', name: 'Me Dupont, Rouen', basis: 'Code de commerce L641-3, R622-24', dueBy: '2027-03-26', status: 'open' });
        // The open call task is cancelled, not left for a collector to call an insolvent debtor.
        expect(v.callTasks.map((t) => t.status)).toEqual(['cancelled']);
      }
      const debtorState = await debtor.query(msg.getDebtorState);
      const stopped = debtorState.trace.find((t) => t.kind === 'insolvency')?.detail ?? '';
      expect(stopped).toMatch(/^liquidation: every open invoice stops \(L622-21\): /);
      expect(stopped.split(': ')[2].split(', ').sort()).toEqual(['INV-IA', 'INV-IB', 'INV-IC']);

      // A week on: nothing more was sent for any of them, and their runs have ended.
      await travelTo(env, '2027-02-03T10:00:00Z');
      expect(a.log.slice(sentBefore)).toEqual([]);
      for (const sc of [a, b, c]) expect((await sc.handle.describe()).status.name).toBe('COMPLETED');
    });
    for (const sc of [b, c]) await sc.handle.terminate('test finished').catch(() => undefined);
  });
});
