/**
 * The demo policy (examples/demo-policy.json) runs end to end with every channel, as `dunning demo`
 * starts it: the sample invoices (examples/invoices.csv), the default coordinated mode, on virtual
 * time. Calls go unanswered; the approver approves the legal steps when asked.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bulkStart } from '../../client/bulk-start';
import { readInvoiceFile } from '../../client/invoice-file';
import { loadPolicyFile } from '../../client/policy-file';
import { workflowIdFor } from '../../domain/invoice/schema';
import * as msg from '../../workflows/messages';
import { createRecordingActivities } from '../helpers/recording-activities';
import { travelTo } from '../helpers/scenario';
import { createTestWorker, useTimeSkippingEnv } from '../helpers/temporal';

const EXAMPLES = join(__dirname, '..', '..', 'examples');

describe('the demo policy: every channel, end to end (dunning demo)', () => {
  const envOf = useTimeSkippingEnv();

  it('calls, emails, SMS, letters, an account hold, field visits, approved formal notices and handoffs', async () => {
    const env = envOf();
    await travelTo(env, '2027-03-01T08:00:00Z'); // Mon 1 Mar 09:00 Paris; the demo policy counts from the start, calendar off
    const acts = createRecordingActivities();
    const taskQueue = `demo-${process.pid}`;
    const worker = await createTestWorker(env, { taskQueue, activities: acts });
    const policy = loadPolicyFile(join(EXAMPLES, 'demo-policy.json'));
    const file = readInvoiceFile(join(EXAMPLES, 'invoices.csv'));
    expect(file.invalid).toEqual([]);
    const ids = file.valid.map((v) => v.invoice.invoiceId);
    await worker.runUntil(async () => {
      const started = await bulkStart(env.client, file.valid, { taskQueue, policy: policy.raw, concurrency: 4, coordinated: true });
      expect(started.started).toBe(ids.length);
      const handles = ids.map((id) => env.client.workflow.getHandle(workflowIdFor(id)));
      const views = () => Promise.all(handles.map((h) => h.query(msg.getState)));

      // +30 min: every amicable step has run; the formal notices wait for approval.
      await travelTo(env, '2027-03-01T08:30:00Z');
      let now = await views();
      const waiting = now.filter((v) => v.approvals?.some((a) => a.step === 'formal_notice' && a.status === 'pending'));
      expect(waiting.length).toBeGreaterThan(0);
      for (const v of waiting) await env.client.workflow.getHandle(workflowIdFor(v.invoice.invoiceId)).executeUpdate(msg.decideApproval, { args: [{ decision: 'approve', by: 'demo' }] });

      // The notices go; no news of the letters (5 min), then the 5-min deadline; the handoffs wait for approval.
      await travelTo(env, '2027-03-01T09:00:00Z');
      now = await views();
      const handoffs = now.filter((v) => v.approvals?.some((a) => a.step === 'handoff' && a.status === 'pending'));
      expect(handoffs.length).toBeGreaterThan(0);
      for (const v of handoffs) await env.client.workflow.getHandle(workflowIdFor(v.invoice.invoiceId)).executeUpdate(msg.decideApproval, { args: [{ decision: 'approve', by: 'demo' }] });
      await travelTo(env, '2027-03-01T09:30:00Z');
      now = await views();

      const kinds = new Set(acts.log.map((l) => (l.kind === 'email' || l.kind === 'letter' || l.kind === 'sms' ? `${l.kind}:${l.request.template}` : l.kind)));
      const touched = new Set(now.flatMap((v) => v.touches.map((t) => t.channel)));
      // Every channel of the seeds was used: call attempts are touches only when made, so call tasks are counted from the state.
      expect([...touched].sort()).toEqual(expect.arrayContaining(['email', 'letter', 'sms']));
      expect(now.some((v) => v.callTasks.length > 0)).toBe(true);
      expect(now.some((v) => (v.visitTasks ?? []).length > 0)).toBe(true);
      expect(acts.field.some((f) => f.kind === 'visit_brief')).toBe(true);
      expect(acts.holds.some((h) => h.action === 'place')).toBe(true);
      expect([...kinds]).toEqual(expect.arrayContaining(['email:reminder_1', 'sms:sms_reminder', 'letter:letter_1', 'letter:formal_notice', 'litigation']));
      expect(now.filter((v) => v.outcome === 'litigation').length).toBe(handoffs.length);
    });
  }, 240_000);
});
