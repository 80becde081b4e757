import { describe, expect, it } from 'vitest';
import { disputeTaskRows } from '../../client/commands/dispute-tasks';
import { statusText } from '../../client/commands/status';
import type { DisputeOpened } from '../../domain/invoice/commands';
import { describeState } from '../../domain/views/presentation';
import { toView, type DunningView } from '../../domain/views/read-model';
import { Shell } from '../unit/core/driver';
import { sampleInvoice } from '../helpers/fixtures';

const HOSTILE = 'Évil <b>Corp</b> [pay](http://x.example)';

/** An invoice due Wed 2 Jun 2027 with a dispute opened at `at`, as the run answers `getState` at `readAt`. */
function disputed(invoiceId: string, at: string, dispute: DisputeOpened, readAt: string, name?: string): { sh: Shell; view: DunningView } {
  const sh = Shell.start({ at: '2027-05-24T08:00:00Z', invoice: { invoiceId, issueDate: '2027-05-03', dueDate: '2027-06-02', ...(name ? { debtor: { ...sampleInvoice().debtor, debtorId: 'EVIL', name } } : {}) } }).openDispute(at, dispute);
  return { sh, view: toView(sh.state, sh.policy, Date.parse(readAt)) };
}

// Read on Mon 21 Jun 2027 10:00 CEST. D-1 (commercial, opened Thu 3 Jun 11:00 CEST, 17 whole days before): due Thu 17 Jun, overdue,
// escalated to the manager. D-2 (administrative, opened Tue 15 Jun 11:00 CEST): due Tue 29 Jun, on time.
const READ = '2027-06-21T08:00:00Z';
const views = () => [
  disputed('D-2', '2027-06-15T09:00:00Z', { disputeId: 'DSP-2', kind: 'administrative', details: 'PO number missing' }, READ).view,
  disputed('D-1', '2027-06-03T09:00:00Z', { disputeId: 'DSP-1', kind: 'commercial', details: 'Prices differ' }, READ, HOSTILE).view,
];

describe('dunning tasks --kind dispute, dunning status, Web UI details (domain.md §3)', () => {
  it('rows: assignee, age, deadline, overdue first; --assignee manager gets the escalated one', () => {
    const rows = disputeTaskRows(views());
    expect(rows.map((r) => [r.invoiceId, r.disputeId, r.assignee, r.ageDays, new Date(r.dueBy).toISOString(), r.overdue, r.escalatedTo])).toEqual([
      ['D-1', 'DSP-1', 'sales_rep', 17, '2027-06-17T09:00:00.000Z', true, 'manager'],
      ['D-2', 'DSP-2', 'credit_controller', 5, '2027-06-29T09:00:00.000Z', false, undefined],
    ]);
    expect(rows[0]).toMatchObject({ debtorName: HOSTILE, amountDueCents: 123_456, currency: 'EUR' });
    expect(disputeTaskRows(views(), 'manager').map((r) => r.invoiceId)).toEqual(['D-1']);
    expect(disputeTaskRows(views(), 'credit_controller').map((r) => r.invoiceId)).toEqual(['D-2']);
    expect(disputeTaskRows(views(), 'collector')).toEqual([]);
  });

  it('status and details show the task; overdue and escalated past the deadline; the debtor-given id escaped in Markdown', () => {
    const { sh, view } = disputed('D-1', '2027-06-03T09:00:00Z', { disputeId: 'DSP_[x](y)', kind: 'commercial', details: 'Prices differ' }, READ);
    expect(statusText(view, 'Running')).toMatch(/dispute task: +DSP_\[x\]\(y\) \(commercial\) for the sales_rep, open 17 day\(s\), resolve by 2027-06-17 11:00 \(Europe\/Paris\) OVERDUE, escalated to the manager/);
    const onTime = toView(sh.state, sh.policy, Date.parse('2027-06-10T09:00:00Z'));
    expect(statusText(onTime, 'Running')).toMatch(/dispute task: +DSP_\[x\]\(y\) \(commercial\) for the sales_rep, open 7 day\(s\), resolve by 2027-06-17 11:00 \(Europe\/Paris\)\n/);
    const details = describeState(sh.state, sh.policy, Date.parse(READ), undefined);
    expect(details).toContain('Dispute task: DSP\\_\\[x\\]\\(y\\) (commercial) for the sales_rep, open 17 day(s), resolve by 2027-06-17 11:00 OVERDUE, escalated to the manager');
    const resolved = sh.resolveDispute('2027-06-22T08:00:00Z', { disputeId: 'DSP_[x](y)', resolution: 'resume' });
    expect(statusText(toView(resolved.state, resolved.policy, Date.parse('2027-06-22T09:00:00Z')), 'Running')).not.toContain('dispute task');
  });
});
