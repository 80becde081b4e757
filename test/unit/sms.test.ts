import { describe, expect, it } from 'vitest';
import { describeInvalidRow, parseInvoicesCsv } from '../../client/invoice-file';
import { smsStopPayload } from '../../client/commands/sms-stop';
import { CliError } from '../../client/errors';
import { recordInboundStop, stopFromBrevoEvent } from '../../client/sms-inbound';
import { initialState } from '../../domain/dunning/init';
import { nextActions } from '../../domain/dunning/plan';
import { reduce } from '../../domain/dunning/reduce';
import { holdChange } from '../../domain/dunning/hold';
import type { DunningState } from '../../domain/dunning/state';
import { InvoiceSchema } from '../../domain/invoice/schema';
import { describeState } from '../../domain/views/presentation';
import { DEFAULT_POLICY_INPUT } from '../../domain/policy/default';
import { PolicySchema } from '../../domain/policy/schema';
import { clip, smsLength, toGsm7 } from '../../domain/text/sms';
import { parsePhone } from '../../domain/text/phone';
import { checkPolicy } from '../../domain/wire/policy';
import { sampleInvoice } from '../helpers/fixtures';
import { SMS_POLICY } from '../helpers/sms';


describe('SMS length: GSM-7 and UCS-2 segments (3GPP TS 23.038)', () => {
  it.each([
    ['a'.repeat(160), 'GSM-7', 160, 1],
    ['a'.repeat(161), 'GSM-7', 161, 2],
    ['a'.repeat(306), 'GSM-7', 306, 2],
    ['a'.repeat(307), 'GSM-7', 307, 3],
    ['é'.repeat(160), 'GSM-7', 160, 1],
    ['ê'.repeat(70), 'UCS-2', 70, 1],
    ['ê'.repeat(71), 'UCS-2', 71, 2],
    ['ê'.repeat(134), 'UCS-2', 134, 2],
    ['ê'.repeat(135), 'UCS-2', 135, 3],
  ])('%#: %s.length chars -> %s, %i units, %i segment(s)', (text, encoding, units, segments) => {
    expect(smsLength(text)).toEqual({ encoding, units, segments });
  });

  it('"€" is a GSM-7 extension character: it keeps the message GSM-7 and counts 2', () => {
    expect(smsLength('€'.repeat(80))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsLength('€'.repeat(81))).toEqual({ encoding: 'GSM-7', units: 162, segments: 2 });
    expect(smsLength(`Reste dû 10 €`).encoding).toBe('UCS-2'); // û is not GSM-7
    expect(smsLength(`Reste du 10 €`)).toEqual({ encoding: 'GSM-7', units: 14, segments: 1 });
  });

  it('never splits a two-unit character across segments', () => {
    // 152 letters then "€": 154 units > 153 for the first part, so "€" opens the second.
    expect(smsLength(`${'a'.repeat(152)}€${'a'.repeat(152)}`).segments).toBe(3);
    expect(smsLength(`${'a'.repeat(151)}€${'a'.repeat(153)}`).segments).toBe(2);
  });

  it('toGsm7 keeps GSM-7 letters, drops the accents GSM-7 lacks, replaces the rest', () => {
    expect(toGsm7('Société Générale à Nîmes, façade')).toBe('Société Générale à Nimes, facade');
    expect(toGsm7('a\u00a0b\u202fc\nd’e «f» g–h')).toBe('a b c d\'e "f" g-h');
    expect(toGsm7('株式会社 😀')).toBe('???? ?');
    expect(smsLength(toGsm7('Zoë Œuvre ŁÓDŹ 😀')).encoding).toBe('GSM-7');
    expect(clip('FA-2026-000000000000000000000000042', 12)).toBe('FA-2026-0...');
  });
});

describe('phone numbers as imported, read as E.164', () => {
  it.each([
    ['06 12 34 56 78', '+33612345678', true],
    ['07.12.34.56.78', '+33712345678', true],
    ['+33 6 12 34 56 78', '+33612345678', true],
    ['+33 (0)6 12 34 56 78', '+33612345678', true],
    ['0033 4 99 00 55 12', '+33499005512', false],
    ['04 99 00 55 12', '+33499005512', false],
    ['+44 20 7946 0958', '+442079460958', true],
  ])('%s -> %s (mobile %s)', (raw, e164, mobile) => {
    expect(parsePhone(raw)).toEqual({ ok: true, e164, mobile });
  });

  it.each(['6 12 34 56', '+33 6 12 34', 'call me', '+0 123 456 789', '06 12 34 56 78 9'])('%s is refused, saying why', (raw) => {
    const r = parsePhone(raw);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.message).toMatch(new RegExp(`^"${raw.replace(/[+()]/g, '\\$&')}" is not a phone number: `));
  });

  it('an import row with a phone that does not read is an error naming the row and the column', () => {
    const header = 'invoice_id,debtor_id,debtor_name,contact_email,contact_phone,issue_date,due_date,amount';
    const r = parseInvoicesCsv([header, 'A-1,D1,Acme,ap@acme.fr,06 12 34 56 78,2027-01-04,2027-02-03,100', 'A-2,D1,Acme,ap@acme.fr,call me,2027-01-04,2027-02-03,100'].join('\n'));
    expect(r.valid.map((v) => v.invoice.debtor.contacts[0].phone)).toEqual(['06 12 34 56 78']);
    expect(r.invalid.flatMap(describeInvalidRow)).toEqual(['row 2, contact_phone: "call me" is not a phone number: only digits, spaces, dots, dashes and a leading + are allowed (e.g. 06 12 34 56 78 or +33 6 12 34 56 78) (invoice A-2)']);
  });
});

describe('policy: sms steps and the account hold', () => {
  it('accepts an sms step with an SMS text, in both validators; the default policy has none', () => {
    expect(PolicySchema.parse(SMS_POLICY).sms).toEqual({ maxSegments: 2 });
    expect(checkPolicy(SMS_POLICY)).toMatchObject({ ok: true, value: { sms: { maxSegments: 2 } } });
    expect(DEFAULT_POLICY_INPUT.steps.some((s) => s.channel === 'sms')).toBe(false);
  });

  it('refuses an sms step with an email template, and an email step with an SMS text', () => {
    const steps = SMS_POLICY.steps.map((s) => (s.id === 'sms_1' ? { ...s, template: 'reminder_1' } : s));
    const r = PolicySchema.safeParse({ ...SMS_POLICY, steps });
    expect(r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['steps.2.template: step "sms_1": an sms step uses an SMS text: sms_reminder, sms_firm']);
    expect(checkPolicy({ ...SMS_POLICY, steps })).toMatchObject({ ok: false });
    const wrong = SMS_POLICY.steps.map((s) => (s.id === 'reminder_1' ? { ...s, template: 'sms_firm' } : s));
    expect(checkPolicy({ ...SMS_POLICY, steps: wrong })).toMatchObject({ ok: false, error: expect.stringMatching(/sms_firm is an SMS text/) });
  });

  it('refuses an account hold after a step the policy does not have', () => {
    const r = PolicySchema.safeParse({ ...DEFAULT_POLICY_INPUT, accountHold: { afterStep: 'letter_9' } });
    expect(r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['accountHold.afterStep: no step "letter_9" in the policy (the hold is placed once that step has gone)']);
    expect(checkPolicy({ ...DEFAULT_POLICY_INPUT, accountHold: { afterStep: 'letter_9' } })).toMatchObject({ ok: false });
    expect(checkPolicy({ ...DEFAULT_POLICY_INPUT, accountHold: { afterStep: 'letter_1' } })).toMatchObject({ ok: true, value: { accountHold: { afterStep: 'letter_1' } } });
  });
});

describe('planning an SMS step', () => {
  const policy = PolicySchema.parse(SMS_POLICY);
  const invoice = InvoiceSchema.parse(sampleInvoice());
  const start = Date.parse('2027-02-05T10:00:00Z');
  // reminder_1 done: the SMS is next.
  const afterReminder = reduce(initialState('dunning-X', invoice, Date.parse('2027-01-25T08:00:00Z')), { type: 'step_skipped', at: start, stepIndex: 1, reason: 'test' }, policy);
  const withPreDue = reduce(afterReminder, { type: 'step_skipped', at: start, stepIndex: 0, reason: 'test' }, policy);
  const next = (s: typeof withPreDue) => nextActions(s, policy, start).find((a) => a.kind !== 'event' || a.event.type === 'step_skipped');

  it('goes at the send time of the next business day: D+4 is Sunday 7 February, so Monday 8 February 09:00 Paris', () => {
    expect(next(withPreDue)).toMatchObject({ kind: 'send', channel: 'sms', stepId: 'sms_1', template: 'sms_reminder', at: Date.parse('2027-02-08T08:00:00Z') });
  });

  it('after STOP from the only mobile, the SMS step is skipped (the cadence goes on)', () => {
    const stopped = reduce(withPreDue, { type: 'sms_opted_out', at: start, phone: '+33612345678', source: 'cli' }, policy);
    expect(stopped.smsOptOuts).toEqual(['+33612345678']);
    expect(next(stopped)).toMatchObject({ kind: 'event', event: { type: 'step_skipped', stepIndex: 2, reason: 'no mobile number left that has not answered STOP' } });
    const all = reduce(withPreDue, { type: 'sms_opted_out', at: start, phone: '*', source: 'cli' }, policy);
    expect(next(all)).toMatchObject({ kind: 'event', event: { type: 'step_skipped', reason: 'the debtor answered STOP to SMS: no SMS any more' } });
  });

  it('without a mobile number among the contacts, the SMS step is skipped', () => {
    const landlines = InvoiceSchema.parse(sampleInvoice({ debtor: { contacts: [{ name: 'A', role: 'accounts_payable', phone: '01 23 45 67 89' }] } }));
    const s = reduce(reduce(initialState('dunning-Y', landlines, start), { type: 'step_skipped', at: start, stepIndex: 1, reason: 't' }, policy), { type: 'step_skipped', at: start, stepIndex: 0, reason: 't' }, policy);
    expect(next(s)).toMatchObject({ kind: 'event', event: { type: 'step_skipped', stepIndex: 2, reason: 'no mobile number for the debtor' } });
  });
});

describe('account hold of one invoice', () => {
  const policy = PolicySchema.parse({ ...DEFAULT_POLICY_INPUT, accountHold: { afterStep: 'letter_1' } });
  const invoice = InvoiceSchema.parse(sampleInvoice());
  const at = Date.parse('2027-02-17T08:00:00Z');
  const s0 = initialState('dunning-H', invoice, at);
  const skip = (s: typeof s0, i: number) => reduce(s, { type: 'step_skipped', at, stepIndex: i, reason: 't' }, policy);
  const pastLetter = [0, 1, 2, 3].reduce(skip, s0);

  it('is wanted once the policy step has gone, placed once, released on full payment', () => {
    expect(holdChange([0, 1, 2].reduce(skip, s0), policy)).toBeUndefined();
    expect(holdChange(pastLetter, policy)).toBe('place');
    const held = reduce(pastLetter, { type: 'account_hold', at, action: 'place', reference: 'hold-1' }, policy);
    expect(holdChange(held, policy)).toBeUndefined();
    const paid = reduce(held, { type: 'payment', at, payment: { paymentId: 'P1', amountCents: 123_456, paidOn: '2027-02-18' }, today: '2027-02-18' }, policy);
    expect(paid.outcome).toBe('paid');
    expect(holdChange(paid, policy)).toBe('release');
    const released = reduce(paid, { type: 'account_hold', at, action: 'release', reference: 'hold-2' }, policy);
    expect(released.accountHold).toMatchObject({ placedAt: at, reference: 'hold-1', releasedAt: at, releaseReference: 'hold-2' });
    expect(holdChange(released, policy)).toBeUndefined();
  });

  it('is released on cancel, kept when the file goes to litigation', () => {
    const held = reduce(pastLetter, { type: 'account_hold', at, action: 'place', reference: 'hold-1' }, policy);
    expect(holdChange(reduce(held, { type: 'cancelled', at, reason: 'credit note in the ERP' }, policy), policy)).toBe('release');
    expect(holdChange(reduce(held, { type: 'handed_off', at, reference: 'L', location: 'x', route: 'y' }, policy), policy)).toBeUndefined();
  });
});

describe("Brevo's webhook: a STOP reply becomes an opt-out for the debtor tagged on the SMS", () => {
  it.each([
    [{ event: 'replies', reply: 'STOP', phoneNumber: '33612345678', tag: 'debtor:ACME' }, { debtorId: 'ACME', phone: '+33612345678' }],
    [{ msg_status: 'replied', reply: ' Stop svp', to: '+33612345678', tag: ['dunning', 'debtor:ACME'] }, { debtorId: 'ACME', phone: '+33612345678' }],
    [{ event: 'unsubscription', phoneNumber: '33612345678', tag: 'debtor:ACME' }, { debtorId: 'ACME', phone: '+33612345678' }],
    [{ event: 'replies', reply: 'Je paie demain', phoneNumber: '33612345678', tag: 'debtor:ACME' }, undefined],
    [{ event: 'delivered', phoneNumber: '33612345678', tag: 'debtor:ACME' }, undefined],
    [{ event: 'replies', reply: 'STOP', phoneNumber: '33612345678', tag: 'newsletter' }, undefined],
    ['STOP', undefined],
  ])('%#', (body, expected) => {
    expect(stopFromBrevoEvent(body)).toEqual(expected);
  });
});

describe('dunning sms-stop flags', () => {
  it('reads the number as E.164; without --phone, every number of the debtor; a bad number is a usage error before connecting', () => {
    expect(smsStopPayload({ phone: '06 12 34 56 78', source: 'cli' })).toEqual({ phone: '+33612345678', source: 'cli' });
    expect(smsStopPayload({ source: 'cli' })).toEqual({ source: 'cli' });
    expect(() => smsStopPayload({ phone: '12', source: 'cli' })).toThrow(CliError);
    expect(() => smsStopPayload({ phone: '12', source: 'cli' })).toThrow(/^--phone: "12" is not a phone number/);
  });
});

describe('runs started before the call rules (legacyCalls)', () => {
  it('still send an sms step as an email, as they did, so their histories replay', () => {
    const policy = PolicySchema.parse(SMS_POLICY);
    const start = Date.parse('2027-02-05T10:00:00Z');
    let s: DunningState = { ...initialState('dunning-L', InvoiceSchema.parse(sampleInvoice()), start), legacyCalls: true };
    for (const i of [0, 1]) s = reduce(s, { type: 'step_skipped', at: start, stepIndex: i, reason: 't' }, policy);
    expect(nextActions(s, policy, start).find((a) => a.kind === 'send')).toMatchObject({ channel: 'email', stepId: 'sms_1' });
  });
});

describe('a STOP recorded twice (a retried webhook, a second sms-stop)', () => {
  it('is one opt-out and one trace line', () => {
    const policy = PolicySchema.parse(SMS_POLICY);
    const at = Date.parse('2027-02-17T08:00:00Z');
    let s = initialState('dunning-V', InvoiceSchema.parse(sampleInvoice()), at);
    s = reduce(s, { type: 'sms_opted_out', at, phone: '+33612345678', source: 'brevo' }, policy);
    s = reduce(s, { type: 'sms_opted_out', at: at + 60_000, phone: '+33612345678', source: 'brevo' }, policy);
    expect(s.smsOptOuts).toEqual(['+33612345678']);
    expect(s.trace.filter((t) => t.kind === 'sms_opted_out')).toHaveLength(1);
  });
});

describe('what the run shows (Web UI details, dunning status)', () => {
  it('names the numbers that answered STOP and the account hold', () => {
    const policy = PolicySchema.parse({ ...SMS_POLICY, accountHold: { afterStep: 'letter_1' } });
    const at = Date.parse('2027-02-17T08:00:00Z');
    let s = initialState('dunning-V', InvoiceSchema.parse(sampleInvoice()), at);
    s = reduce(s, { type: 'sms_opted_out', at, phone: '+33612345678', source: 'cli' }, policy);
    s = reduce(s, { type: 'account_hold', at, action: 'place', reference: 'hold-1' }, policy);
    const text = describeState(s, policy, at, undefined);
    expect(text).toContain('SMS stopped (STOP): +33612345678');
    expect(text).toContain('Account hold: on hold since 2027-02-17 09:00');
    s = reduce(s, { type: 'account_hold', at: at + 3_600_000, action: 'release', reference: 'hold-2' }, policy);
    expect(describeState(s, policy, at, undefined)).toContain('Account hold: released 2027-02-17 10:00');
  });
});

describe("Brevo's webhook hook: the STOP goes to every running invoice of the tagged debtor", () => {
  it('sends the smsStop update with the number to each, and says what each answered', async () => {
    const calls: string[] = [];
    const targets = {
      invoicesOf: async (debtorId: string) => (debtorId === 'ACME' ? ['INV-1', 'INV-2'] : []),
      stop: async (id: string, payload: { phone?: string; source: string }) => {
        calls.push(`${id} ${payload.phone} ${payload.source}`);
        return id === 'INV-1' ? { ok: true as const, result: { optedOut: [payload.phone ?? '*'] } } : { ok: false as const, kind: 'invalid', message: 'closed' };
      },
    };
    expect(await recordInboundStop({ event: 'replies', reply: 'STOP', phoneNumber: '33612345678', tag: 'debtor:ACME' }, targets)).toEqual(['INV-1: STOP recorded for +33612345678', 'INV-2: closed']);
    expect(calls).toEqual(['INV-1 +33612345678 brevo-webhook', 'INV-2 +33612345678 brevo-webhook']);
    expect(await recordInboundStop({ event: 'delivered', phoneNumber: '33612345678', tag: 'debtor:ACME' }, targets)).toEqual([]);
    expect(calls).toHaveLength(2);
  });
});
