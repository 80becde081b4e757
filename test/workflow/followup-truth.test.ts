import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EmailRequest } from '../../activities/types';
import { DEFAULT_CREDITOR } from '../../config/creditor';
import { debtorWorkflowId } from '../../domain/debtor/state';
import { InvoiceSchema, workflowIdFor } from '../../domain/invoice/schema';
import { DEFAULT_POLICY_INPUT } from '../../domain/policy/default';
import type { Language } from '../../domain/wire/vocabulary';
import { renderTemplate, templateVars } from '../../templates/render';
import { dunningWorkflow } from '../../workflows';
import * as msg from '../../workflows/messages';
import { createRecordingActivities, type RecordedSend } from '../helpers/recording-activities';
import { sampleInvoice, travelTo } from '../helpers/scenario';
import { createTestWorker, useTimeSkippingEnv } from '../helpers/temporal';
import { approvalsOff } from '../helpers/field';

const ARTIFACTS = join(__dirname, '..', 'artifacts');

/** The follow-up email as the debtor reads it, in the given language. */
function read(req: EmailRequest, language: Language) {
  const m = renderTemplate('call_followup', language, templateVars({ ...req, language }, DEFAULT_CREDITOR, { channel: 'email' }), { tone: req.tone });
  return { text: `${m.subject}\n${m.text}`, html: m.html };
}

describe('the follow-up of a call in the default (coordinated) mode restates what was agreed, in the debtor\'s language', () => {
  const envOf = useTimeSkippingEnv();

  it('a promise, a plan and a dispute, invoice by invoice, with their dates, amounts and reason', async () => {
    const env = envOf();
    await travelTo(env, '2027-01-25T08:00:00Z');
    const log: RecordedSend[] = [];
    const taskQueue = `followup-${process.pid}`;
    const worker = await createTestWorker(env, { taskQueue, activities: createRecordingActivities(log) });
    // Three invoices due within days of each other: their calls merge into one call task (Wed 27 Jan).
    for (const [invoiceId, dueDate, amountCents] of [['INV-A', '2027-01-06', 100_000], ['INV-B', '2027-02-02', 200_000], ['INV-C', '2027-02-01', 123_456]] as const) {
      const invoice = InvoiceSchema.parse(sampleInvoice({ invoiceId, dueDate, issueDate: '2026-12-01', amountCents }));
      await env.client.workflow.start(dunningWorkflow, { taskQueue, workflowId: workflowIdFor(invoiceId), args: [{ invoice, policy: approvalsOff(DEFAULT_POLICY_INPUT), coordinated: true }] });
    }
    const debtor = env.client.workflow.getHandle(debtorWorkflowId('ACME'));
    const followUp = await worker.runUntil(async () => {
      await travelTo(env, '2027-01-27T09:30:00Z');
      const task = (await debtor.query(msg.getDebtorState)).callTasks.find((t) => t.status === 'open')!;
      await debtor.executeUpdate(msg.completeDebtorCall, {
        args: [{
          debtorTaskId: task.debtorTaskId, reached: true, contactName: 'Claire Martin',
          shares: [
            { invoiceId: 'INV-A', promise: { date: '2027-02-12', amountCents: 100_000 } },
            { invoiceId: 'INV-B', plan: { instalments: [{ date: '2027-02-15', amountCents: 120_000 }, { date: '2027-03-15', amountCents: 80_000 }] } },
            { invoiceId: 'INV-C', dispute: { kind: 'commercial', details: 'la quantité livrée est fausse' } },
          ],
        }],
      });
      await env.sleep('1 hour');
      const f = log.filter((l) => l.kind === 'email' && l.request.template === 'call_followup');
      expect(f).toHaveLength(1);
      for (const h of ['INV-A', 'INV-B', 'INV-C']) await env.client.workflow.getHandle(workflowIdFor(h)).terminate('test finished').catch(() => undefined);
      return f[0].request as EmailRequest;
    });

    const fr = read(followUp, 'fr');
    expect(fr.text).toContain('Facture INV-A : règlement de 1 000,00 € au plus tard le vendredi 12 février 2027');
    expect(fr.text).toContain('Facture INV-B : règlement en 2 échéances, 1 200,00 € le lundi 15 février 2027, 800,00 € le lundi 15 mars 2027');
    expect(fr.text).toContain('Facture INV-C : contestation commerciale enregistrée ; motif indiqué : « la quantité livrée est fausse »');
    expect(fr.text).not.toContain('Aucune date de règlement');
    expect(fr.text).not.toMatch(/payment by|dispute \(|payment plan|\d{4}-\d{2}-\d{2}/);

    const en = read(followUp, 'en');
    expect(en.text).toContain('Invoice INV-A: payment of €1,000.00 no later than Friday 12 February 2027');
    expect(en.text).toContain('Invoice INV-B: payment in 2 instalments, €1,200.00 on Monday 15 February 2027, €800.00 on Monday 15 March 2027');
    expect(en.text).toContain('Invoice INV-C: commercial dispute recorded');
    expect(en.text).not.toContain('No payment date could be agreed');
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'call-followup-coordinated.fr.html'), fr.html);
  });
});
