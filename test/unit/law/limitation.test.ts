import { describe, expect, it } from 'vitest';
import { limitationOfState } from '../../../domain/dunning/limitation';
import { toView } from '../../../domain/views/read-model';
import { visibleFields } from '../../../domain/views/presentation';
import { buildListQuery } from '../../../client/list-query';
import { sampleInvoice } from '../../helpers/fixtures';
import { policyWith, Shell, utc } from '../core/driver';

/**
 * Limitation (domain.md §8): 5 years between merchants (Code de commerce L110-4, policy "1826 days"),
 * 2 years towards a consumer (Code de la consommation L218-2), from the delivery or the completion of
 * the service (Cass. 1re civ. 19 May 2021), else the issue date; an acknowledgement of the debt
 * restarts it (Code civil 2240); warned policy.limitation.warnBefore (180 days) ahead.
 */
describe('limitation date of an open file', () => {
  it('merchants: 1826 days from the delivery (2027-01-02 + 1826 d = 2032-01-02)', () => {
    const sh = Shell.start({ at: '2027-01-25T08:00:00Z', invoice: { deliveryDate: '2027-01-02' } });
    expect(limitationOfState(sh.state, sh.policy, sh.now)).toEqual({ date: '2032-01-02', basis: 'Code de commerce L110-4', from: '2027-01-02', fromWhat: 'delivery' });
  });

  it('no delivery date: from the issue date, stated as such', () => {
    const sh = Shell.start({ at: '2027-01-25T08:00:00Z' }); // issued 2027-01-04
    expect(limitationOfState(sh.state, sh.policy, sh.now)).toMatchObject({ date: '2032-01-04', from: '2027-01-04', fromWhat: 'issue_date' });
  });

  it('a consumer: 2 years from the delivery (L218-2), warned 180 days ahead, then expired', () => {
    const debtor = { ...sampleInvoice().debtor, kind: 'consumer' as const };
    const sh = Shell.start({ at: '2027-01-25T08:00:00Z', invoice: { deliveryDate: '2027-01-02', debtor } });
    // 2027-01-02 + 2 years = 2029-01-02; warned from 2029-01-02 - 180 d = 2028-07-06.
    expect(limitationOfState(sh.state, sh.policy, utc('2028-07-05T10:00:00Z')).warning).toBeUndefined();
    expect(limitationOfState(sh.state, sh.policy, utc('2028-07-06T10:00:00Z'))).toMatchObject({ date: '2029-01-02', basis: 'Code de la consommation L218-2', warning: 'soon' });
    expect(limitationOfState(sh.state, sh.policy, utc('2029-01-03T10:00:00Z')).warning).toBe('expired');
  });

  it('a part payment acknowledges the debt and restarts it (C. civ. 2240): 2027-02-14 + 1826 d = 2032-02-14', () => {
    const policy = policyWith({ penalties: { fixedIndemnityCents: 4000, partialPayments: 'principal_first' } });
    const sh = Shell.start({ at: '2027-01-25T08:00:00Z', policy }).pay('2027-02-14T10:00:00Z', 'P1', 50_000);
    expect(limitationOfState(sh.state, sh.policy, sh.now)).toMatchObject({ date: '2032-02-14', from: '2027-02-14', fromWhat: 'acknowledgement' });
  });

  it('shown on the view and the search attribute of an open file, not of a closed one; `list --limitation-before`', () => {
    const sh = Shell.start({ at: '2027-01-25T08:00:00Z' });
    expect(toView(sh.state, sh.policy, sh.now).limitation?.date).toBe('2032-01-04');
    expect(visibleFields(sh.state, sh.policy, sh.now, undefined).limitationDate).toBe('2032-01-04');
    sh.pay('2027-02-14T10:00:00Z', 'P1', 123_456);
    expect(toView(sh.state, sh.policy, sh.now).limitation).toBeUndefined();
    expect(visibleFields(sh.state, sh.policy, sh.now, undefined).limitationDate).toBeNull();
    expect(buildListQuery({ limitationBefore: '2027-06-30' })).toContain("DunningLimitationDate <= '2027-06-30T00:00:00Z'");
  });
});
