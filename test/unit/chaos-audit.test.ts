/** The chaos audit's comparison of provider sends with what the workflows record (scripts/chaos/audit.ts). */
import { describe, expect, it } from 'vitest';
import { messageIdFor } from '../../activities/sent-log';
import { compareSends, formatAuditLine, type AuditReport, type Send } from '../../scripts/chaos/audit';
import { sendKind, type TracedSend } from '../../scripts/chaos/trace-keys';

const email = (key: string): Send => ({ key, channel: 'email', source: 'sendgrid' });
const letter = (key: string): Send => ({ key, channel: 'letter', source: 'postal' });

describe('chaos audit: sends against traces', () => {
  const sends = [
    email('dunning-A/reminder_1'),
    email('dunning-A/reminder_1'), // the same key twice: a duplicate
    letter('dunning-A/letter_1'),
    email('dunning-A/letter_1-copy'),
    letter('debtor-D/letter-2'),
    email('debtor-D/letter-2-copy'), // recorded by nobody
  ];
  const traced: TracedSend[] = [
    { workflowId: 'dunning-A', channel: 'email', key: 'dunning-A/reminder_1', messageId: messageIdFor('dunning-A/reminder_1'), ref: 'A reminder_1' },
    { workflowId: 'dunning-A', channel: 'letter', key: 'dunning-A/letter_1', messageId: messageIdFor('dunning-A/letter_1'), ref: 'A letter_1' },
    { workflowId: 'dunning-A', channel: 'email', key: 'dunning-A/letter_1-copy', messageId: messageIdFor('dunning-A/letter_1-copy'), ref: 'A copy' },
    // A coordinated invoice records the debtor's send by its message id only.
    { workflowId: 'dunning-B', channel: 'letter', messageId: messageIdFor('debtor-D/letter-2'), ref: 'B letter_1' },
    { workflowId: 'debtor-D', channel: 'letter', key: 'debtor-D/letter-2', messageId: messageIdFor('debtor-D/letter-2'), ref: 'D letter-2', covers: ['dunning-B', 'dunning-C'] },
    // Recorded as sent, never reached the provider.
    { workflowId: 'dunning-A', channel: 'email', key: 'dunning-A/notice_announce', messageId: messageIdFor('dunning-A/notice_announce'), ref: 'A notice' },
  ];
  const r = compareSends(sends, traced, new Set(['dunning-A', 'dunning-B', 'dunning-C', 'debtor-D']));

  it('counts keys sent more than once', () => {
    expect(r.sentTwice.map((k) => [k.key, k.count])).toEqual([['dunning-A/reminder_1', 2]]);
  });

  it('finds sends nobody records, by key or by message id', () => {
    expect(r.untracedSends.map((k) => k.key)).toEqual(['debtor-D/letter-2-copy']);
  });

  it('finds recorded sends that no provider request matches', () => {
    expect(r.unmatchedTraces.map((t) => t.ref)).toEqual(['A notice']);
  });

  it('lists merged sends a covered invoice does not record', () => {
    expect(r.unrecordedCovers.map((u) => [u.send.ref, u.missing])).toEqual([['D letter-2', ['dunning-C']]]);
  });

  it('names the kinds of sends from their keys', () => {
    expect(sendKind('debtor-D/letter-2-copy', 'email')).toBe('email copies of letters (merged, debtor)');
    expect(sendKind('dunning-A/letter_1', 'letter')).toBe('letters (invoice)');
    expect(sendKind('debtor-D/D-call-3-followup', 'email')).toBe('call follow-up emails (merged, debtor)');
    expect(r.sendsByKind.find((k) => k.kind === 'emails (invoice)')).toEqual({ kind: 'emails (invoice)', keys: 1, requests: 2, sentTwice: 1 });
  });

  it('prints the one-line verdict in the fixed form', () => {
    const report: AuditReport = {
      runs: [],
      finished: 40,
      stuck: 2,
      failed: 0,
      invoices: { finished: 40, stuck: 1, failed: 0 },
      debtors: { finished: 5, stuck: 1, failed: 0 },
      ...r,
      untraced: r.untracedSends.length + r.unmatchedTraces.length,
      queryErrors: [],
    };
    expect(formatAuditLine('chaos', report)).toBe('chaos: 40 finished, 2 stuck, 0 failed, 1 sent twice, 2 untraced');
  });
});
