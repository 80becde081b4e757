import { WorkflowUpdateFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_INPUT } from '../../domain/policy/default';
import type { ApprovalDecisionInput, VisitOutcomeInput } from '../../domain/invoice/field-commands';
import * as msg from '../../workflows/messages';
import { visitPolicyInput } from '../helpers/field';
import { createRecordingActivities } from '../helpers/recording-activities';
import { startScenario, travelTo } from '../helpers/scenario';
import { useTimeSkippingEnv } from '../helpers/temporal';
import { readFileSync } from 'node:fs';
import { createFieldDocuments } from '../../activities/field';
import { computeClaim } from '../../activities/litigation/claim';
import { DEFAULT_CREDITOR } from '../../config/creditor';
import { pdfText, tempDir } from '../channels/helpers';

/** Local time in Paris, whatever the machine's zone. */
const paris = (ms: number | undefined) =>
  ms === undefined ? undefined : new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(ms));

/** The default policy with approvals on (opt-in). */
const APPROVALS_ON = { ...DEFAULT_POLICY_INPUT, approvals: { formalNotice: true, handoff: true } };

async function refused(p: Promise<unknown>): Promise<string> {
  const err = await p.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  return err instanceof WorkflowUpdateFailedError ? String(err.cause?.message) : '';
}

describe('#17.2 visits (docs/field.md)', () => {
  const envOf = useTimeSkippingEnv();

  it.each([false, true])('coordinated %s: the visit opens Mon 1 Mar 09:00 for Marc Petit with its brief; a wrong report is refused, a promise recorded', async (coordinated) => {
    const env = envOf();
    await travelTo(env, '2027-02-04T06:00:00Z'); // due Wed 3 Feb 2027, 1 234,56 EUR; visit_1 at D+24 = Sat 27 Feb -> Mon 1 Mar 09:00
    const rec = createRecordingActivities();
    const sc = await startScenario(env, { policy: visitPolicyInput(), activities: rec, coordinated });
    const { open, after } = await sc.run(async () => {
      await travelTo(env, '2027-03-01T09:00:00Z');
      const open = await sc.state();
      const id = open.openVisit!.taskId;
      const bad = (o: Omit<VisitOutcomeInput, 'taskId'>, taskId = id) => refused(sc.handle.executeUpdate(msg.completeVisitTask, { args: [{ taskId, ...o }] }));
      expect(await bad({ result: 'promise' })).toBe('invalid visit outcome: promise: a promise needs its date and amount');
      expect(await bad({ result: 'promise', promise: { date: '2027-02-26', amountCents: 1000 } })).toBe('promise date 2027-02-26 is in the past (today is 2027-03-01)');
      expect(await bad({ result: 'met' }, 'visit_9')).toBe('unknown visit task "visit_9" (the open visit is "visit_1-v1")');
      const res = await sc.handle.executeUpdate(msg.completeVisitTask, { args: [{ taskId: id, result: 'promise', promise: { date: '2027-03-12', amountCents: 123_456 }, agent: 'Marc Petit' }] });
      expect(res).toMatchObject({ taskId: 'visit_1-v1', amountDueCents: 123_456 });
      return { open, after: await sc.state() };
    });
    const t = open.openVisit!;
    expect({ agent: t.agent, day: t.day, openedAt: paris(t.openedAt), dueBy: paris(t.dueBy), briefPath: t.briefPath }).toEqual({
      agent: 'Marc Petit', day: '2027-03-01', openedAt: '2027-03-01 09:00', dueBy: '2027-03-08 09:00', briefPath: 'visits/visit_1-v1.md',
    });
    expect(rec.field).toEqual([{ kind: 'visit_brief', workflowId: sc.handle.workflowId, id: 'visit_1-v1' }]);
    expect(after.visitTasks![0]).toMatchObject({ status: 'done', outcome: { result: 'promise' } });
    expect(after.touches.at(-1)).toMatchObject({ channel: 'visit', result: 'reached', unsuccessful: false });
    expect(after.promises.at(-1)).toMatchObject({ date: '2027-03-12', amountCents: 123_456, status: 'pending' });
    // No email or letter stood in for the visit.
    expect(rec.log.filter((l) => l.kind !== 'litigation' && l.request.stepId.startsWith('visit'))).toEqual([]);
  });
});

describe('#17.7 approval before the legal steps (docs/field.md)', () => {
  const envOf = useTimeSkippingEnv();

  it('per invoice: the notice waits (approval Fri 5 Mar 09:00, reminder Tue 9 Mar 09:00); edited to 1 000 EUR, it goes at once for that amount; the handoff waits for its own approval', async () => {
    const env = envOf();
    await travelTo(env, '2027-02-04T06:00:00Z');
    const rec = createRecordingActivities();
    const sc = await startScenario(env, { policy: APPROVALS_ON, activities: rec });
    const { waiting, noticed, handoffWaiting, done } = await sc.run(async () => {
      await travelTo(env, '2027-03-10T10:00:00Z'); // Wed 10 Mar 11:00 Paris
      const waiting = await sc.state();
      const decide = (d: ApprovalDecisionInput) => sc.handle.executeUpdate(msg.decideApproval, { args: [d] });
      expect(await refused(decide({ decision: 'edit', amountCents: 200_000, reason: 'typo' }))).toBe('the edited amount (200000 cents) is more than the 123456 cents due');
      expect(await refused(decide({ decision: 'hold' }))).toBe('invalid approval decision: reason: decision "hold" needs a reason');
      const res = await decide({ decision: 'edit', amountCents: 100_000, reason: 'goods partly returned', by: 'Julie Morel' });
      expect(res).toMatchObject({ approvalId: 'approval-formal_notice', status: 'approved', amountDueCents: 100_000 });
      await travelTo(env, '2027-03-10T11:00:00Z');
      // First presented Fri 12 Mar: + 8 days = Sat 20 Mar -> Mon 22 Mar; the handoff is due Tue 23 Mar 09:00.
      await travelTo(env, '2027-03-12T15:00:00Z');
      await sc.handle.executeUpdate(msg.recordLetterEvent, { args: [{ event: 'presented', on: '2027-03-12' }] });
      const noticed = await sc.state();
      await travelTo(env, '2027-03-23T09:00:00Z');
      const handoffWaiting = await sc.state();
      await decide({ decision: 'approve', by: 'Julie Morel' });
      return { waiting, noticed, handoffWaiting, done: await sc.handle.result() };
    });
    expect(waiting.approvals).toMatchObject([{ step: 'formal_notice', status: 'pending', amountCents: 123_456, reminders: 1, draftPath: 'approvals/approval-formal_notice-draft.pdf' }]);
    expect(paris(waiting.approvals![0].openedAt)).toBe('2027-03-05 09:00');
    expect(waiting.trace.filter((e) => e.kind === 'approval_reminded').map((e) => paris(e.at))).toEqual(['2027-03-09 09:00']);
    expect(waiting.touches.some((t) => t.template === 'formal_notice')).toBe(false);
    const letter = rec.log.find((l) => l.kind === 'letter' && l.request.template === 'formal_notice');
    expect(letter?.kind === 'letter' && letter.request.facts.amountDueCents).toBe(100_000);
    expect(paris(noticed.formalNotice?.sentAt)).toBe('2027-03-10 11:00');
    expect(noticed.formalNotice?.deadline).toBe('2027-03-22');
    expect(handoffWaiting.approvals!.map((a) => [a.step, a.status, paris(a.openedAt)])).toEqual([
      ['formal_notice', 'approved', '2027-03-05 09:00'],
      ['handoff', 'pending', '2027-03-23 09:00'],
    ]);
    const handed = rec.log.filter((l) => l.kind === 'litigation');
    expect(handed).toHaveLength(1);
    // The litigation file's claim adds up: invoice 1 234,56 less 234,56 written off at the approval = 1 000,00.
    expect(handed[0].kind === 'litigation' && computeClaim(handed[0].snapshot.view, handed[0].snapshot.figures)).toMatchObject({ invoiceAmountCents: 123_456, writtenOffCents: 23_456, amountDueCents: 100_000 });
    expect(done).toMatchObject({ outcome: 'litigation', amountDueCents: 100_000 });
    expect(rec.field.map((f) => `${f.kind} ${f.id}${f.reminder ? ` ${f.reminder}` : ''}`)).toEqual([
      'approval_draft approval-formal_notice',
      'approver_reminder approval-formal_notice 1',
      'approval_draft approval-handoff', // approved Tue 23 Mar 10:00, before its first reminder (Thu 25 Mar)
    ]);
  });

  it('coordinated: held, then approved later; the notice then goes through the debtor run, once', async () => {
    const env = envOf();
    await travelTo(env, '2027-02-04T06:00:00Z');
    const rec = createRecordingActivities();
    const sc = await startScenario(env, { policy: APPROVALS_ON, activities: rec, coordinated: true });
    const { held, noticed } = await sc.run(async () => {
      await travelTo(env, '2027-03-08T10:00:00Z');
      await sc.handle.executeUpdate(msg.decideApproval, { args: [{ decision: 'hold', reason: 'customer meeting on the 17th' }] });
      await travelTo(env, '2027-03-18T09:00:00Z');
      const held = await sc.state();
      await sc.handle.executeUpdate(msg.decideApproval, { args: [{ decision: 'approve', by: 'Julie Morel' }] });
      await travelTo(env, '2027-03-19T12:00:00Z');
      return { held, noticed: await sc.state() };
    });
    expect(held.approvals).toMatchObject([{ status: 'held', reminders: 0 }]); // held Mon 8 Mar, before the first reminder (Tue 9 Mar); none while held
    expect(held.touches.some((t) => t.template === 'formal_notice')).toBe(false);
    const notices = rec.log.filter((l) => l.kind === 'letter' && l.request.template === 'formal_notice');
    expect(notices).toHaveLength(1);
    expect(paris(noticed.formalNotice?.sentAt)).toBe('2027-03-18 10:00');
  });

  it('the real documents: the draft notice PDF as it would go, the reminder in the approvers\' outbox, the handoff summary, the visit brief', async () => {
    const env = envOf();
    await travelTo(env, '2027-02-04T06:00:00Z');
    const outbox = tempDir('dunning-field-');
    const rec = createRecordingActivities();
    const sc = await startScenario(env, { policy: { ...visitPolicyInput(), approvals: { formalNotice: true, handoff: true } }, activities: { ...rec, ...createFieldDocuments(outbox, DEFAULT_CREDITOR) } });
    const { waiting, handoff, visit } = await sc.run(async () => {
      await travelTo(env, '2027-03-01T09:30:00Z');
      const visit = (await sc.state()).openVisit!;
      await travelTo(env, '2027-03-09T09:00:00Z');
      const waiting = (await sc.state()).approvals![0];
      await sc.handle.executeUpdate(msg.decideApproval, { args: [{ decision: 'approve' }] });
      // The notice goes Tue 9 Mar 10:00; first presented Thu 11 Mar: deadline Fri 19 Mar, handoff approval Mon 22 Mar 09:00.
      await travelTo(env, '2027-03-11T15:00:00Z');
      await sc.handle.executeUpdate(msg.recordLetterEvent, { args: [{ event: 'presented', on: '2027-03-11' }] });
      await travelTo(env, '2027-03-22T09:00:00Z');
      return { waiting, handoff: (await sc.state()).openApproval!, visit };
    });
    expect(readFileSync(visit.briefPath!, 'utf8')).toContain('Map: <https://www.openstreetmap.org/search?query=12%20rue%20des%20Lilas%2C%2075011%20Paris%2C%20FR>');
    const draft = pdfText(waiting.draftPath!).flat;
    expect(draft).toContain('MISE EN DEMEURE');
    expect(draft).toContain('PROJET – soumis à approbation');
    expect(draft).toContain('1 234,56');
    expect(readFileSync(waiting.draftPath!.replace('-draft.pdf', '-reminder-1.md'), 'utf8')).toContain('Subject: reminder 1: the formal notice of invoice');
    expect(handoff.step).toBe('handoff');
    expect(pdfText(handoff.draftPath!).flat).toMatch(/PROJET – soumis à approbation.*Transmission au contentieux/);
  });
});

