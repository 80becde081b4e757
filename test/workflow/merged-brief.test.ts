import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineQuery } from '@temporalio/workflow';
import { describe, expect, it } from 'vitest';
import { createDebtorCallBriefWriter } from '../../activities/brief';
import { briefFiles } from '../../client/commands/call-briefs';
import { buildWorklist, groupByCall } from '../../domain/views/worklist';
import { DEFAULT_CREDITOR } from '../../config/creditor';
import { debtorWorkflowId } from '../../domain/debtor/state';
import { InvoiceSchema, workflowIdFor } from '../../domain/invoice/schema';
import { formatMoney } from '../../domain/money/format';
import { DEFAULT_POLICY_INPUT } from '../../domain/policy/default';
import { dunningWorkflow } from '../../workflows';
import * as msg from '../../workflows/messages';
import { approvalsOff } from '../helpers/field';
import { recordHistory } from '../helpers/histories';
import { createRecordingActivities } from '../helpers/recording-activities';
import { sampleInvoice, travelTo } from '../helpers/scenario';
import { createTestWorker, useTimeSkippingEnv } from '../helpers/temporal';

const metadataQuery = defineQuery<{ currentDetails?: string }>('__temporal_workflow_metadata');

/** A debtor name that would become a link and emphasis if written into Markdown as it is. */
const HOSTILE = 'Acme *SARL* [payez ici](https://evil.example)';

describe('the merged call of the debtor run has one brief file (domain.md §4, coordinated mode)', () => {
  const envOf = useTimeSkippingEnv();

  it('three invoices, one call task: one brief file naming all three with their amounts, debtor strings escaped', async () => {
    const env = envOf();
    const outbox = await mkdtemp(join(tmpdir(), 'merged-brief-'));
    // Mon 25 Jan 2027 09:00 Paris: A (due 6 Jan) calls on Wed 27 Jan, B and C (pre-due) on Thu 28 and
    // Wed 27 Jan: one merged call task on Wed 27 Jan 10:00 (test/workflow/debtor.test.ts).
    await travelTo(env, '2027-01-25T08:00:00Z');
    const taskQueue = `merged-brief-${Math.random().toString(36).slice(2)}`;
    const activities = { ...createRecordingActivities(), prepareDebtorCallBrief: createDebtorCallBriefWriter(outbox, DEFAULT_CREDITOR) };
    const worker = await createTestWorker(env, { taskQueue, activities });
    const invoices = [
      { invoiceId: 'INV-A', dueDate: '2027-01-06', issueDate: '2026-12-07', amountCents: 100_000 },
      { invoiceId: 'INV-B', dueDate: '2027-02-02', issueDate: '2027-01-03', amountCents: 200_000 },
      { invoiceId: 'INV-C', dueDate: '2027-02-01', issueDate: '2027-01-02', amountCents: 123_456 },
    ];
    for (const over of invoices) {
      const invoice = InvoiceSchema.parse(sampleInvoice(over, { debtor: { name: HOSTILE } }));
      await env.client.workflow.start(dunningWorkflow, { taskQueue, workflowId: workflowIdFor(invoice.invoiceId), args: [{ invoice, policy: approvalsOff(DEFAULT_POLICY_INPUT), coordinated: true }] });
    }
    const debtor = env.client.workflow.getHandle(debtorWorkflowId('ACME'));
    await worker.runUntil(async () => {
      await travelTo(env, '2027-01-27T09:30:00Z'); // Wed 10:30
      const open = (await debtor.query(msg.getDebtorState)).callTasks.filter((t) => t.status === 'open');
      expect(open).toHaveLength(1);
      const path = open[0].briefPath!;
      expect(path).toBe(join(outbox, 'briefs', 'debtor-ACME', `${open[0].debtorTaskId}.md`));
      const text = await readFile(path, 'utf8');
      // Every invoice of the call, with what it still owes, in the debtor's language.
      for (const i of invoices) {
        const line = text.split('\n').find((l) => l.startsWith(i.invoiceId) && l.includes('restant dû'));
        expect(line, i.invoiceId).toContain(formatMoney(i.amountCents, 'EUR', 'fr'));
      }
      expect(text).toContain('## Un seul appel pour ces factures'); // a heading in a Markdown viewer
      const headings = text.split('\n').filter((l) => l.startsWith('#'));
      expect(headings[0]).toMatch(/^# Fiche d'appel · INV-A · /);
      expect(headings.slice(1).every((h) => h.startsWith('## '))).toBe(true);
      // The debtor's name reads as text: no link, no emphasis.
      expect(text).not.toContain('[payez ici](');
      expect(text).toContain('Acme \\*SARL\\* \\[payez ici\\]\\(https\\:');
      // dunning tasks points to it: the merged call's row names the file.
      const views = await Promise.all(invoices.map((i) => env.client.workflow.getHandle(workflowIdFor(i.invoiceId)).query(msg.getState)));
      const calls = groupByCall(buildWorklist(views));
      expect(calls.map((c) => c.callId)).toEqual([open[0].debtorTaskId]);
      expect(await briefFiles({ client: env.client }, calls, views)).toEqual(new Map([[open[0].debtorTaskId, path]]));
      // The Web UI's details of the debtor run point to it.
      const details = (await debtor.query(metadataQuery)).currentDetails ?? '';
      expect(details).toContain(`${open[0].debtorTaskId} (brief: `);
      expect(details).toContain(`${open[0].debtorTaskId}\\.md)`); // the path, escaped for Markdown
      await recordHistory('debtor-merged-brief', debtor);
    });
  });
});
