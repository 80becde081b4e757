import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTimeSkippingEnv } from '../helpers/temporal';
import { recordHistory } from '../helpers/histories';
import { startScenario, touchesOf, travelTo, type Scenario, UNANSWERED_TOUCHES_DUE_2027_02_03 } from '../helpers/scenario';
import type { DunningResult, DunningView } from '../../workflows/messages';
import type { EmailRequest, LetterRequest } from '../../activities/types';


const paris = (iso: string) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
const traceOf = (view: DunningView, kind: string) => view.trace.filter((t) => t.kind === kind).map((t) => `${paris(new Date(t.at).toISOString())} ${t.step ?? ''}`.trim());

/**
 * Invoice due Wednesday 3 February 2027, nobody ever answers: the default cadence of domain.md §2
 * runs to the end. Hand-computed dates (Europe/Paris, CET = UTC+1):
 *   D-3 business days = Fri 29 Jan (call task at 10:00, window 10-16)
 *   D+1 = Thu 4 Feb 09:00 email; D+7 = Wed 10 Feb call; D+14 = Wed 17 Feb letter (+ email copy);
 *   D+21 = Wed 24 Feb call; D+28 = Wed 3 Mar email; D+30 = Fri 5 Mar registered formal notice;
 *   the deadline runs from the letter's first presentation; nobody reports it, so the wait ends Sat 20 Mar
 *   (5 Mar + 15 days), taken as the presentation: 20 Mar + 8 days = Sun 28 Mar -> Mon 29 Mar (Easter Monday)
 *   -> Tue 30 Mar; handoff on the first business day after: Wed 31 Mar 09:00.
 *   Unmade calls are not touches: 4 Feb -> 17 Feb is 13 days, so a gap reminder goes no later than
 *   4 Feb + 10 days = Sun 14 Feb, i.e. on the business day before: Fri 12 Feb 09:00; likewise
 *   17 Feb + 10 = Sat 27 Feb -> Fri 26 Feb 09:00.
 */
describe('the default cadence, row by row (nobody answers)', () => {
  let sc: Scenario;
  let result: DunningResult;
  let view: DunningView;
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    await travelTo(env, '2027-01-25T08:00:00Z');
    sc = await startScenario(env);
    [result, view] = await sc.run(async () => [await sc.handle.result(), await sc.state()] as const);
    await recordHistory('default-cadence-unanswered', sc.handle);
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('D-3 business days: a courteous pre-due call task for the sales rep, at 10:00 on Friday 29 January', () => {
    const task = view.callTasks.find((t) => t.stepId === 'pre_due_call')!;
    expect(paris(new Date(task.openedAt).toISOString())).toBe('2027-01-29 10:00');
    expect(task).toMatchObject({ kind: 'pre_due', script: 'pre_due', tone: 'courteous', contactIndex: 0 });
    expect(task.objective).toMatch(/received and validated/);
    // Not completed in 2 business days: reopened once for the next level, then closed as missed.
    expect(traceOf(view, 'call_task_reopened')[0]).toBe('2027-02-02 10:00 pre_due_call');
    expect(traceOf(view, 'call_task_missed')[0]).toBe('2027-02-04 10:00 pre_due_call');
    expect(task.status).toBe('missed');
    expect(task.assignee).toBe('collector');
  });

  it('D+1: friendly email reminder 1 with the invoice attached', () => {
    const email = sc.log.find((l) => l.kind === 'email' && l.request.template === 'reminder_1')!.request as EmailRequest;
    expect(email).toMatchObject({ stepId: 'reminder_1', tone: 'friendly', attachInvoicePdf: true, language: 'fr' });
    expect(email.to.email).toBe('ap@acme.fr');
    expect(email.facts).toMatchObject({ today: '2027-02-04', amountDueCents: 123_456, daysPastDue: 1 });
    expect(email.idempotencyKey).toBe(`${sc.handle.workflowId}/reminder_1`);
  });

  it('D+7: call task 1 for the collector, to get a dated promise', () => {
    const task = view.callTasks.find((t) => t.stepId === 'call_1')!;
    expect(paris(new Date(task.openedAt).toISOString())).toBe('2027-02-10 10:00');
    expect(task).toMatchObject({ kind: 'reminder', tone: 'friendly_firm', assignee: 'credit_controller', status: 'missed' });
    expect(task.objective).toMatch(/dated promise/);
  });

  it('D+14: firm letter 1 with its copy by email, the letter attached', () => {
    const letter = sc.log.find((l) => l.kind === 'letter' && l.request.template === 'letter_1')!.request as LetterRequest;
    expect(letter).toMatchObject({ stepId: 'letter_1', tone: 'firm', registered: false });
    expect(letter.facts.today).toBe('2027-02-17');
    const copy = sc.log.find((l) => l.kind === 'email' && l.request.stepId === 'letter_1-copy')!.request as EmailRequest;
    expect(copy.template).toBe('letter_1');
    expect(copy.attachLetterPath).toMatch(/letter_1\.pdf$/);
  });

  it('D+21: call task 2, firm', () => {
    const task = view.callTasks.find((t) => t.stepId === 'call_2')!;
    expect(paris(new Date(task.openedAt).toISOString())).toBe('2027-02-24 10:00');
    expect(task).toMatchObject({ kind: 'reminder', tone: 'firm' });
  });

  it('D+28: very firm email announcing the formal notice', () => {
    const email = sc.log.find((l) => l.kind === 'email' && l.request.template === 'notice_announce')!.request as EmailRequest;
    expect(email.tone).toBe('very_firm');
    expect(email.facts.today).toBe('2027-03-03');
  });

  it('D+30: registered formal notice with deadline, penalties to the day and the EUR 40 indemnity', () => {
    const notice = sc.log.find((l) => l.kind === 'letter' && l.request.template === 'formal_notice')!.request as LetterRequest;
    expect(notice).toMatchObject({ registered: true, tone: 'formal' });
    // 123 456 cents x 12.15 % x 30 days (4 Feb..5 Mar) / 365 = 1 232.87 -> 1 233 cents.
    // The letter states its delay from its first presentation: the date is not known when it is written.
    expect(notice.facts).toMatchObject({ today: '2027-03-05', noticeDelay: { unit: 'days', n: 8 }, penaltiesCents: 1233, penaltyRatePct: 12.15, indemnityCents: 4000, amountDueCents: 123_456 });
    expect(notice.facts.noticeDeadline).toBeUndefined();
    expect(view.formalNotice).toMatchObject({ deadline: '2027-03-30', presentation: { presentedOn: '2027-03-20', basis: 'assumed' } });
  });

  it('notice deadline passed: litigation handoff with the whole file, outcome litigation', () => {
    const handoff = sc.log.find((l) => l.kind === 'litigation')!;
    expect(handoff.request.idempotencyKey).toBe(`${sc.handle.workflowId}/litigation`);
    expect(traceOf(view, 'litigation_handoff')).toEqual(['2027-03-31 09:00']);
    expect(result).toMatchObject({ outcome: 'litigation', stage: 'litigation', amountDueCents: 123_456, litigationReference: `LIT-${view.invoice.invoiceId}` });
    expect(view.stage).toBe('litigation');
  });

  it('max gap: no gap longer than 10 days between two touches, and the exact sequence of touches', () => {
    expect(touchesOf(view)).toEqual(UNANSWERED_TOUCHES_DUE_2027_02_03);
    const at = view.touches.map((t) => t.at);
    for (let i = 1; i < at.length; i++) expect(at[i] - at[i - 1]).toBeLessThanOrEqual(10 * 86_400_000);
  });
});
