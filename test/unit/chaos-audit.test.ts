import { describe, expect, it } from 'vitest';
import { messageIdFor } from '../../activities/sent-log';
import { auditSends, type SendRecord, type TraceRecord } from '../../scripts/chaos/audit';

const email = (key: string): SendRecord => ({ key, channel: 'email' });
const trace = (key: string, workflowId = 'dunning-A'): TraceRecord => ({ messageId: messageIdFor(key), workflowId, channel: 'email' });

describe('auditSends (scripts/chaos/audit)', () => {
  it('finds nothing to say when every send is traced once', () => {
    const a = auditSends([email('dunning-A/reminder_1'), { key: 'dunning-A/letter_1', channel: 'letter' }], [trace('dunning-A/reminder_1'), trace('dunning-A/letter_1')]);
    expect(a).toMatchObject({ sends: 2, keys: 2, sentTwice: 0, untraced: 0 });
  });

  it('counts a key sent twice once, with its count', () => {
    const a = auditSends([email('k1'), email('k1'), email('k1'), email('k2')], [trace('k1'), trace('k2')]);
    expect(a.sentTwice).toBe(1);
    expect(a.duplicates).toEqual([{ key: 'k1', count: 3 }]);
  });

  it('counts sends in no trace and traces of sends no provider received', () => {
    const a = auditSends([email('sent-untraced'), email('ok')], [trace('ok'), trace('never-sent', 'debtor-D')]);
    expect(a.untracedSends).toEqual(['sent-untraced']);
    expect(a.tracesWithoutSend).toEqual([trace('never-sent', 'debtor-D')]);
    expect(a.untraced).toBe(2);
  });

  it('takes one message id recorded by both an invoice and its debtor as one trace', () => {
    const a = auditSends([email('debtor-D/email-1')], [trace('debtor-D/email-1', 'debtor-D'), trace('debtor-D/email-1', 'dunning-A'), trace('debtor-D/email-1', 'dunning-B')]);
    expect(a.untraced).toBe(0);
  });
});
