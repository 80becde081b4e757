import { describe, expect, it } from 'vitest';
import { debtorWorkflowId } from '../../domain/debtor/state';
import { InvoiceSchema, workflowIdFor } from '../../domain/invoice/schema';
import { DEFAULT_POLICY_INPUT } from '../../domain/policy/default';
import type { PolicyInput } from '../../domain/policy/schema';
import { localDateOf, localTimeOf } from '../../domain/time/calendar';
import { DEFAULT_CREDITOR } from '../../config/creditor';
import { renderTemplate, templateVars } from '../../templates/render';
import { dunningWorkflow } from '../../workflows';
import * as msg from '../../workflows/messages';
import { createRecordingActivities, type RecordedSend } from '../helpers/recording-activities';
import { sampleInvoice, travelTo } from '../helpers/scenario';
import { createTestWorker, useTimeSkippingEnv } from '../helpers/temporal';

/**
 * Issue 16: two policies meet on one debtor. Invoice A follows the default policy (its debtor run
 * starts with it); invoice B follows a policy without calendar whose email falls at night. In the
 * default (coordinated) mode the debtor run sends it only in its send window: 09:00 debtor time
 * on the next business day, never at 01:05.
 */
/** A policy without calendar whose announcement and formal notice fall at night, a day apart. */
const ANNOUNCE_POLICY: PolicyInput = {
  ...DEFAULT_POLICY_INPUT,
  name: 'night-notice',
  anchor: 'start',
  calendar: { ...DEFAULT_POLICY_INPUT.calendar!, enabled: false },
  steps: [
    { id: 'notice_announce', offset: '+1 hour', channel: 'email', template: 'notice_announce', tone: 'very_firm', actor: 'system' },
    { id: 'formal_notice', offset: '+1 day', channel: 'letter', template: 'formal_notice', tone: 'formal', actor: 'system', registered: true, formalNotice: true },
  ],
};

const NIGHT_POLICY: PolicyInput = {
  ...DEFAULT_POLICY_INPUT,
  name: 'night-owl',
  anchor: 'start',
  calendar: { ...DEFAULT_POLICY_INPUT.calendar!, enabled: false },
  steps: [{ id: 'reminder_1', offset: '+1 hour', channel: 'email', template: 'reminder_1', tone: 'friendly', actor: 'system' }],
};

describe('two policies on one debtor: the debtor run sends only in its send window', () => {
  const envOf = useTimeSkippingEnv();

  it("an email another policy planned at 01:05 goes at 09:00 Paris on the next business day", async () => {
    const env = envOf();
    await travelTo(env, '2027-03-01T23:00:00Z'); // Tue 2 Mar 2027, 00:00 Paris
    const log: RecordedSend[] = [];
    const taskQueue = `night-${process.pid}`;
    const worker = await createTestWorker(env, { taskQueue, activities: createRecordingActivities(log) });
    const start = (invoiceId: string, dueDate: string, policy: PolicyInput, debtorId = 'ACME') =>
      env.client.workflow.start(dunningWorkflow, {
        taskQueue,
        workflowId: workflowIdFor(invoiceId),
        args: [{ invoice: InvoiceSchema.parse(sampleInvoice({ invoiceId, issueDate: '2027-02-01', dueDate, debtor: { debtorId } })), policy, coordinated: true }],
      });
    const a = await start('INV-A', '2027-04-30', DEFAULT_POLICY_INPUT);
    const b = await worker.runUntil(async () => {
      await env.sleep('5 minutes');
      const handle = await start('INV-B', '2027-03-31', NIGHT_POLICY);
      await env.sleep('4 hours'); // 04:05 Paris: B's email (due 01:05 Paris by its policy) is still held
      expect((await handle.query(msg.getState)).touches).toEqual([]);
      expect(log.filter((l) => l.kind === 'email')).toEqual([]);
      await travelTo(env, '2027-03-02T12:00:00Z');
      return handle.query(msg.getState);
    });
    for (const h of [a, env.client.workflow.getHandle(workflowIdFor('INV-B')), env.client.workflow.getHandle(debtorWorkflowId('ACME'))]) await h.terminate('test finished').catch(() => undefined);
    const sent = b.touches.filter((t) => t.channel === 'email');
    expect(sent.map((t) => [localDateOf(t.at, 'Europe/Paris'), localTimeOf(t.at, 'Europe/Paris'), t.template])).toEqual([['2027-03-02', '09:00', 'reminder_1']]);
    expect(log.filter((l) => l.kind === 'email').map((l) => l.request.template)).toEqual(['reminder_1']);
  });

  it('the last notice before the formal notice names the day the notice is planned, and the notice keeps it', async () => {
    const env = envOf();
    await travelTo(env, '2027-03-08T23:00:00Z'); // Tue 9 Mar 2027, 00:00 Paris
    const log: RecordedSend[] = [];
    const taskQueue = `night-notice-${process.pid}`;
    const worker = await createTestWorker(env, { taskQueue, activities: createRecordingActivities(log) });
    const start = (invoiceId: string, policy: PolicyInput) =>
      env.client.workflow.start(dunningWorkflow, {
        taskQueue,
        workflowId: workflowIdFor(invoiceId),
        args: [{ invoice: InvoiceSchema.parse(sampleInvoice({ invoiceId, issueDate: '2027-01-04', dueDate: '2027-02-03', debtor: { debtorId: 'BETA' } })), policy, coordinated: true }],
      });
    const handles = [await start('INV-C', DEFAULT_POLICY_INPUT)];
    const b = await worker.runUntil(async () => {
      await env.sleep('5 minutes');
      // Announced at 01:05 Paris, the notice the next night at 00:05: both held to 09:00 by the debtor run.
      handles.push(await start('INV-D', ANNOUNCE_POLICY));
      await travelTo(env, '2027-03-11T12:00:00Z');
      return handles[1].query(msg.getState);
    });
    for (const h of [...handles, env.client.workflow.getHandle(debtorWorkflowId('BETA'))]) await h.terminate('test finished').catch(() => undefined);
    const paris = (t: number) => `${localDateOf(t, 'Europe/Paris')} ${localTimeOf(t, 'Europe/Paris')}`;
    expect(b.touches.map((t) => [paris(t.at), t.template])).toEqual([['2027-03-09 09:00', 'notice_announce'], ['2027-03-10 09:00', 'formal_notice']]);
    const [announce] = log.flatMap((l) => (l.kind === 'email' && l.request.template === 'notice_announce' ? [l.request] : []));
    expect(announce.facts.noticePlannedOn).toBe('2027-03-10');
    const text = renderTemplate('notice_announce', 'fr', templateVars(announce, DEFAULT_CREDITOR, { channel: 'email' }), { tone: announce.tone }).text.replace(/[ \t\r\n]+/g, ' ');
    expect(text).toContain('Sans règlement intégral de votre part avant le mercredi 10 mars 2027, nous vous adresserons dès cette date une mise en demeure');
    expect(text).not.toContain('tout prochains jours');
  });
});
