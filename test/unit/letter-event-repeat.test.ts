import { describe, expect, it } from 'vitest';
import { alreadyRecorded } from '../../client/letter-events';

/** A provider's retry is recognised from the run's state: nothing new, no update (client/letter-events.ts). */
describe('a letter event the run already knows', () => {
  const notice = (presentation: object) => ({ formalNotice: { sentAt: 0, deadline: '2027-05-10', deadlineAt: 0, stepId: 'formal_notice', trackingNumber: 'RR1', presentation: { waitUntil: 1, ...presentation } } });
  const presented = notice({ presentedOn: '2027-04-30', basis: 'presented' });

  it('the same presentation, or a later one, adds nothing', () => {
    expect(alreadyRecorded(presented, { event: 'presented', on: '2027-04-30', trackingNumber: 'RR1' })).toBe(true);
    expect(alreadyRecorded(presented, { event: 'presented', on: '2027-05-02' })).toBe(true);
  });

  it('news the run lacks is sent: an earlier presentation, a delivery, a return; another letter or a closed run goes to the validator', () => {
    expect(alreadyRecorded(presented, { event: 'presented', on: '2027-04-29' })).toBe(false);
    expect(alreadyRecorded(presented, { event: 'delivered', on: '2027-05-03' })).toBe(false);
    expect(alreadyRecorded(notice({ presentedOn: '2027-04-30', basis: 'presented', deliveredOn: '2027-05-03' }), { event: 'delivered', on: '2027-05-03' })).toBe(true);
    expect(alreadyRecorded(presented, { event: 'returned', on: '2027-05-14', reason: 'unclaimed' })).toBe(false);
    expect(alreadyRecorded(notice({}), { event: 'presented', on: '2027-04-30' })).toBe(false);
    expect(alreadyRecorded(presented, { event: 'presented', on: '2027-04-30', trackingNumber: 'OTHER' })).toBe(false);
    expect(alreadyRecorded({ ...presented, outcome: 'paid' }, { event: 'presented', on: '2027-04-30' })).toBe(false);
  });
});
