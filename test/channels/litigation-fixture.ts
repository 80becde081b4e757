/**
 * A litigation request with a full history, built by the real reducer from events (so the state
 * is one the workflow could hold): an email and a letter sent, a call reached with a dated
 * promise that was then broken, a partial payment, a dispute opened and resumed, a bounced email.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { letterPath } from '../../activities/letters';
import { messageIdFor } from '../../activities/sent-log';
import type { LitigationRequest, MessageFacts } from '../../activities/types';
import { initialState } from '../../domain/dunning/init';
import { InvoiceSchema, type InvoiceInput } from '../../domain/invoice/schema';
import { DEFAULT_POLICY_INPUT } from '../../domain/policy/default';
import { PolicySchema } from '../../domain/policy/schema';
import { reduce } from '../../domain/dunning/reduce';
import type { DunningEvent, DunningState } from '../../domain/dunning/state';
import type { DunningView } from '../../workflows/messages';

const at = (iso: string) => Date.parse(iso);

export const FIXTURE_INVOICE: InvoiceInput = {
  invoiceId: 'INV-2027-777',
  issueDate: '2027-01-04',
  dueDate: '2027-02-03',
  amountCents: 850_000,
  currency: 'EUR',
  description: 'Ligne de conditionnement',
  debtor: {
    debtorId: 'BETA',
    name: 'Beta Industrie SAS',
    kind: 'professional',
    siren: '523456781',
    timeZone: 'Europe/Paris',
    language: 'fr',
    address: { lines: ['3 quai des Forges'], postalCode: '69002', city: 'Lyon', country: 'FR' },
    contacts: [
      { name: 'Marc Roux', role: 'accounts_payable', email: 'compta@beta.example', phone: '04 99 00 11 22' },
      { name: 'Anne Roux', role: 'manager', email: 'direction@beta.example', phone: '06 99 00 33 44' },
    ],
  },
};

export interface Fixture {
  req: LitigationRequest;
  letter: string;
  eml: string;
}

/**
 * Writes the sent letter and email into `outboxDir` as the activities would have, and returns the
 * request. `overrides` changes the invoice (kind, due date...) and the facts.
 */
export function litigationFixture(outboxDir: string, overrides: { invoice?: Partial<InvoiceInput>; facts?: Partial<MessageFacts>; noDispute?: boolean } = {}): Fixture {
  const policy = PolicySchema.parse(DEFAULT_POLICY_INPUT);
  const invoice = InvoiceSchema.parse({ ...FIXTURE_INVOICE, ...overrides.invoice });
  const workflowId = `dunning-${invoice.invoiceId}`;
  const key = (step: string) => `${workflowId}/${step}`;

  const eml = join(outboxDir, 'emails', `${messageIdFor(key('reminder_1'))}.eml`);
  mkdirSync(join(outboxDir, 'emails'), { recursive: true });
  writeFileSync(eml, 'Subject: Rappel\r\n\r\nfake eml\r\n');
  writeFileSync(eml.replace(/\.eml$/, '.html'), '<p>fake html</p>');
  const letter = letterPath(outboxDir, invoice.invoiceId, 'letter_1');
  mkdirSync(join(outboxDir, 'letters'), { recursive: true });
  writeFileSync(letter, '%PDF-1.4 fake letter');

  let s: DunningState = initialState(workflowId, invoice, at('2027-01-25T08:00:00Z'));
  const ev = (e: DunningEvent) => {
    s = reduce(s, e, policy);
  };
  const sent = (iso: string, stepId: string, channel: 'email' | 'letter', template: string, to: string, path?: string): DunningEvent => ({
    type: 'touch',
    at: at(iso),
    touch: { stepId, channel, template, tone: 'firm', to, result: 'sent', unsuccessful: false, messageId: messageIdFor(key(stepId)), ...(path ? { path } : {}) },
  });
  ev(sent('2027-02-04T08:00:00Z', 'reminder_1', 'email', 'reminder_1', 'compta@beta.example', eml));
  ev({
    type: 'call_task_opened',
    at: at('2027-02-10T09:00:00Z'),
    task: { taskId: 'call_1-1', kind: 'reminder', stepId: 'call_1', script: 'reminder', tone: 'friendly_firm', objective: 'Qualify the debtor and get a dated promise to pay.', assignee: 'collector', contactIndex: 0, dueBy: at('2027-02-12T09:00:00Z') },
  });
  ev({
    type: 'call_completed',
    at: at('2027-02-10T10:15:00Z'),
    outcome: { taskId: 'call_1-1', reached: true, contactName: 'Marc Roux', collector: 'Julie Petit', reason: 'customer_not_paid', promise: { date: '2027-02-19', amountCents: 850_000 }, notes: 'Leur client final a du retard.\nPromet un virement le 19/02.' },
  });
  ev({ type: 'promise_due', at: at('2027-02-22T08:00:00Z'), promiseId: s.promises[0].promiseId });
  ev({ type: 'payment', at: at('2027-02-24T13:00:00Z'), payment: { paymentId: 'VIR-1', amountCents: 200_000 }, today: '2027-02-24' });
  ev(sent('2027-02-25T08:00:00Z', 'letter_1', 'letter', 'letter_1', 'Marc Roux', letter));
  // Sent through SendGrid: no local copy.
  ev(sent('2027-02-25T08:00:00Z', 'letter_1-copy', 'email', 'letter_1', 'compta@beta.example'));
  if (!overrides.noDispute) {
    ev({ type: 'dispute_opened', at: at('2027-02-26T10:00:00Z'), dispute: { disputeId: 'D-1', kind: 'technical', details: 'Machine livrée sans notice' } });
    ev({ type: 'dispute_resolved', at: at('2027-03-01T10:00:00Z'), resolution: { disputeId: 'D-1', resolution: 'resume', note: 'Notice envoyée le 1er mars' }, today: '2027-03-01' });
  }
  ev({ type: 'email_bounced', at: at('2027-03-02T08:00:00Z'), stepId: 'gap-x', template: 'gap_reminder', tone: 'firm', email: 'compta@beta.example', error: 'SendGrid answered 400', attachInvoice: false });

  const facts: MessageFacts = {
    today: '2027-03-16',
    amountDueCents: s.amountDueCents,
    paidCents: s.paidCents,
    penaltiesCents: 9_999,
    penaltyRatePct: 12.15,
    indemnityCents: invoice.debtor.kind === 'professional' ? 4000 : 0,
    daysPastDue: 41,
    previousTouches: [],
    ...overrides.facts,
  };
  const view: DunningView = { ...s, now: '2027-03-16T08:00:00.000Z', penaltiesCents: facts.penaltiesCents, indemnityCents: facts.indemnityCents, daysPastDue: 41, policyName: 'default' };
  return { req: { idempotencyKey: key('litigation'), workflowId, invoice, state: view, facts }, letter, eml };
}
