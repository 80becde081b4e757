import { readerTime } from '../../workflows/dunning/handlers';
import { describe, expect, it } from 'vitest';
import { statusText } from '../../client/commands/status';
import { localMinute } from '../../client/commands/list';
import { nextAction } from '../../domain/dunning/plan';
import { describeState, visibleFields } from '../../domain/views/presentation';
import { toView } from '../../domain/views/read-model';
import { scoreParts } from '../../domain/views/worklist';
import { Shell } from './core/driver';

const fieldsOf = (sh: Shell) => {
  const n = nextAction(sh.state, sh.policy, sh.now);
  return visibleFields(sh.state, sh.policy, sh.now, n && { at: n.at, description: n.description });
};

describe('views tell the truth', () => {
  it('an invoice imported weeks after its due date is not shown pre_due (list, status, details)', () => {
    // Due Wed 3 Feb 2027, imported on Fri 19 Mar, nothing sent yet: its state is still pre_due.
    const sh = Shell.start({ at: '2027-03-19T07:00:00Z' });
    expect(sh.state.stage).toBe('pre_due');
    expect(fieldsOf(sh).stage).toBe('reminding');
    expect(toView(sh.state, sh.policy, sh.now).stage).toBe('reminding');
    expect(describeState(sh.state, sh.policy, sh.now, undefined)).toContain('stage **reminding**');
    // Before its due date it is pre_due.
    expect(fieldsOf(Shell.start({ at: '2027-01-25T08:00:00Z' })).stage).toBe('pre_due');
  });

  it('status names the zone of its times; list prints one zone, the one it names', () => {
    const sh = Shell.start({ at: '2027-01-25T08:00:00Z' });
    const text = statusText(toView(sh.state, sh.policy, sh.now), 'RUNNING');
    expect(text).toMatch(/next:\s+Call task pre_due_call \(sales_rep\) on 2027-01-29 10:00 \(Europe\/Paris\)/);
    expect(localMinute('2027-01-29T09:00:00.000Z', 'Europe/Paris')).toBe('2027-01-29 10:00');
    expect(localMinute('2027-01-29T09:00:00.000Z', 'America/New_York')).toBe('2027-01-29 04:00');
  });

  it("the worklist's reason shows money, not a bare number", () => {
    const sh = Shell.start({ at: '2027-02-10T09:30:00Z' });
    const parts = scoreParts(toView(sh.state, sh.policy, sh.now));
    expect(parts.find((p) => p.key === 'amount')?.why).toBe('€1,234.56 due');
  });
});

describe("getState answers as of the reader's clock (workflows/dunning/handlers.ts readerTime)", () => {
  const runNow = Date.parse('2027-02-09T09:00:00Z');
  it('uses a later valid instant, never an earlier or invalid one', () => {
    expect(readerTime('2027-02-12T12:00:00Z', runNow)).toBe(Date.parse('2027-02-12T12:00:00Z'));
    expect(readerTime('2027-02-01T00:00:00Z', runNow)).toBe(runNow);
    expect(readerTime('not a date', runNow)).toBe(runNow);
    expect(readerTime(42, runNow)).toBe(runNow);
    expect(readerTime(undefined, runNow)).toBe(runNow);
  });
});

describe('§9 credit notes and unapplied payments are shown', () => {
  it('in the details and in status', () => {
    // 1 234,56 € due; credit note of 200,00 €, then 1 100,00 € paid: 65,44 € paid beyond what was due.
    const sh = Shell.start({ at: '2027-02-10T08:00:00Z' });
    sh.openDispute('2027-02-10T09:00:00Z', { disputeId: 'D-1', kind: 'commercial', details: 'price' })
      .resolveDispute('2027-02-10T10:00:00Z', { disputeId: 'D-1', resolution: 'credit_note', creditNoteCents: 20_000, creditNoteRef: 'AV-1' })
      .pay('2027-02-11T10:00:00Z', 'P-1', 110_000);
    const details = describeState(sh.state, sh.policy, sh.now, undefined);
    expect(details).toContain('Credit notes: 200,00\u00a0€');
    expect(details).toContain('Unapplied payment: 65,44\u00a0€ (paid beyond what was due: refund or allocate it)');
    const status = statusText(toView(sh.state, sh.policy, sh.now), 'Completed');
    expect(status).toMatch(/unapplied: +€65\.44 paid beyond what was due/);
  });
});
