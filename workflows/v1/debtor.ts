import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { DunningActivities, EmailRequest, LetterRequest, SendReceipt } from '../../activities/types';
import type { CallOutcome, DebtorCallOutcome } from './domain/commands';
import { DebtorCallOutcomeSchema, DebtorPaymentSchema, describeZodError } from './domain/commands';
import { durationToMs, type Duration } from './domain/duration';
import {
  allocatePayment,
  applySync,
  closeStaleCallTasks,
  initialDebtorState,
  leadOf,
  mergedFacts,
  nextGroup,
  type DebtorState,
  type Group,
  type InvoiceSync,
} from './domain/debtor';
import { noticeDeadline } from './domain/planner';
import { DEFAULT_POLICY_INPUT, PolicySchema } from './domain/policy';
import { validateCommitment } from './domain/validate';
import * as msg from './messages';
import type { DebtorInput } from './messages';

const { sendEmail, sendLetter } = proxyActivities<DunningActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes', maximumAttempts: 12 },
});

/**
 * One long-running workflow per debtor (`debtor-<debtorId>`), started by the first invoice that
 * reaches out to it (signal-with-start). It sends the touches its invoices hand it, merging those
 * of one channel due within the merge window into one message or one call task, keeps the call
 * limits per debtor, and splits merged call outcomes and payments back to the invoices.
 */
export async function debtorWorkflow(input: DebtorInput): Promise<{ debtorId: string; invoices: number }> {
  const policy = PolicySchema.parse(input.policy ?? DEFAULT_POLICY_INPUT);
  // Windows are elapsed time: business days are read as calendar days (x7/5).
  const toMs = (d: Duration) => (d.unit === 'business_days' ? Math.ceil((d.n * 7) / 5) * 86_400_000 : durationToMs(d));
  const windowMs = toMs(policy.coordination.mergeWindow);
  const state: DebtorState = input.resume ?? initialDebtorState(input.debtorId);
  const tz = () => Object.values(state.invoices)[0]?.invoice.debtor.timeZone ?? policy.calendar.timeZone;
  let version = 0;
  const changed = () => {
    version += 1;
  };

  setHandler(msg.invoiceSync, (sync: InvoiceSync) => {
    applySync(state, sync);
    changed();
  });

  setHandler(msg.debtorPaymentReceived, async (raw) => {
    const r = DebtorPaymentSchema.safeParse(raw);
    if (!r.success || state.paymentIds.includes(r.data.paymentId)) return;
    state.paymentIds.push(r.data.paymentId);
    const { shares, unappliedCents } = allocatePayment(state, r.data.amountCents, r.data.invoiceIds);
    state.unappliedCents += unappliedCents;
    for (const share of shares) {
      state.invoices[share.invoiceId].amountDueCents -= share.amountCents;
      await getExternalWorkflowHandle(share.workflowId).signal(msg.paymentReceived, {
        paymentId: `${r.data.paymentId}/${share.invoiceId}`,
        amountCents: share.amountCents,
        paidOn: r.data.paidOn,
      });
    }
    changed();
  });

  setHandler(
    msg.completeDebtorCall,
    async (raw) => {
      const o = DebtorCallOutcomeSchema.parse(raw);
      const task = state.callTasks.find((t) => t.debtorTaskId === o.debtorTaskId)!;
      task.status = 'done';
      task.closedAt = Date.now();
      state.callAttempts += 1;
      state.lastCallAt = Date.now();
      const results: msg.DebtorCallResult['invoices'] = [];
      for (const [invoiceId, taskId] of Object.entries(task.tasks)) {
        const inv = state.invoices[invoiceId];
        const share = o.shares.find((s) => s.invoiceId === invoiceId);
        const outcome: CallOutcome = {
          taskId,
          reached: o.reached,
          contactName: o.contactName,
          collector: o.collector,
          reason: share?.reason ?? o.reason,
          hardship: o.hardship,
          notes: o.notes,
          promise: o.promiseAll ? { date: o.promiseAll.date, amountCents: inv.amountDueCents } : share?.promise,
          plan: share?.plan,
          dispute: share?.dispute,
          settlement: share?.settlement,
          documentRequested: share?.documentRequested,
        };
        await getExternalWorkflowHandle(inv.workflowId).signal(msg.callOutcomeForwarded, { outcome, debtorTaskId: task.debtorTaskId, debtorAttempts: state.callAttempts });
        results.push({ invoiceId, taskId, outcome: outcome.promise ? 'promise' : outcome.plan ? 'plan' : outcome.dispute ? 'dispute' : outcome.settlement ? 'settlement' : o.reached ? 'reached' : 'unreached' });
      }
      await sendCallFollowUp(task.debtorTaskId, Object.keys(task.tasks), o, results);
      changed();
      return { debtorTaskId: task.debtorTaskId, invoices: results };
    },
    {
      validator: (raw) => {
        const r = DebtorCallOutcomeSchema.safeParse(raw);
        if (!r.success) throw new Error(`invalid call outcome: ${describeZodError(r.error)}`);
        const o = r.data;
        const task = state.callTasks.find((t) => t.debtorTaskId === o.debtorTaskId);
        if (!task) throw new Error(`unknown debtor call task "${o.debtorTaskId}"`);
        if (task.status !== 'open') throw new Error(`debtor call task "${o.debtorTaskId}" is already closed`);
        for (const share of o.shares) {
          const inv = state.invoices[share.invoiceId];
          if (!inv || !(share.invoiceId in task.tasks)) throw new Error(`invoice ${share.invoiceId} is not covered by call task ${o.debtorTaskId} (it covers ${Object.keys(task.tasks).join(', ')})`);
          const bad = validateCommitment(share, inv.amountDueCents, Date.now(), tz(), policy);
          if (bad) throw new Error(`${share.invoiceId}: ${bad}`);
        }
        if (o.promiseAll) {
          const bad = validateCommitment({ promise: { date: o.promiseAll.date, amountCents: 1 } }, 1, Date.now(), tz(), policy);
          if (bad) throw new Error(bad);
        }
      },
    },
  );

  setHandler(msg.getDebtorState, () => ({ ...state, now: new Date(Date.now()).toISOString() }));

  const maxEvents = input.maxHistoryEvents ?? 8_000;
  for (;;) {
    const recheckAt = closeStaleCallTasks(state, policy, Date.now(), tz());
    const group = nextGroup(state, policy, windowMs, tz());
    setCurrentDetails(describe(state, group));
    if (!group || (recheckAt !== undefined && recheckAt < group.at)) {
      const open = Object.values(state.invoices).some((i) => !i.closed);
      const callOpen = state.callTasks.some((t) => t.status === 'open');
      const v = version;
      if (!group && !open && !callOpen && Object.keys(state.invoices).length > 0) {
        // Every invoice is closed: linger a while (late news, a new invoice), then end quietly.
        if (await condition(() => version !== v, toMs(policy.coordination.idleBeforeClose), { summary: 'No open invoice: close when idle' })) continue;
        break;
      }
      if (recheckAt === undefined) await condition(() => version !== v);
      else await condition(() => version !== v, recheckAt - Date.now(), { summary: 'Close call tasks nobody completed' });
      continue;
    }
    const delay = group.at - Date.now();
    const at = delay > 0 ? group.at : Date.now();
    if (delay > 0) {
      const v = version;
      if (await condition(() => version !== v, delay, { summary: `Wait until ${new Date(group.at).toISOString().slice(0, 16)}Z (${group.channel} for ${group.members.length} invoice(s))` })) continue;
    }
    await perform(group, at);
    if (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > maxEvents) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof debtorWorkflow>({ ...input, resume: state });
    }
  }
  await condition(allHandlersFinished);
  return { debtorId: state.debtorId, invoices: Object.keys(state.invoices).length };

  async function perform(group: Group, at: number): Promise<void> {
    const ids = group.members.map((m) => m.invoiceId);
    const groupId = `${group.channel}-${++state.seq}`;
    for (const m of group.members) (state.done[m.invoiceId] ??= []).push(m.planned!.key);
    for (const m of group.members) state.done[m.invoiceId] = state.done[m.invoiceId].slice(-50);
    if (group.channel === 'call') {
      const debtorTaskId = `${state.debtorId}-${groupId}`;
      const objective = group.members.map((m) => `${m.invoiceId}: ${m.planned!.call?.objective ?? ''}`).join(' | ');
      state.callTasks.push({ debtorTaskId, openedAt: at, tasks: {}, objective, status: 'open' });
      const task = state.callTasks[state.callTasks.length - 1];
      for (const m of group.members) {
        task.tasks[m.invoiceId] = m.planned!.call!.taskId;
        await notify(m, { key: m.planned!.key, at, debtorTaskId, mergedInvoiceIds: ids });
      }
      state.groups.push({ groupId, at, channel: 'call', template: group.members[0].planned!.template, invoiceIds: ids });
      return;
    }
    const { lead, tone, template, registered, attachInvoice, copyByEmail } = leadOf(group);
    const notice = group.members[0].planned!.formalNotice ? noticeDeadline(at, policy, tz()) : undefined;
    const facts = mergedFacts(group.members, at, tz(), policy.penalties.annualRatePct, notice?.deadline);
    const base = {
      idempotencyKey: `${workflowInfo().workflowId}/${groupId}`,
      workflowId: workflowInfo().workflowId,
      stepId: groupId,
      template,
      tone,
      language: lead.invoice.debtor.language,
      invoice: lead.invoice,
      facts,
    };
    let receipt: SendReceipt;
    let to: string;
    if (group.channel === 'letter' || !lead.recipient) {
      const req: LetterRequest = { ...base, to: lead.addressee, registered };
      receipt = await sendLetter.executeWithOptions({ summary: `Letter ${template} for ${ids.length} invoice(s) to ${lead.invoice.debtor.name}` }, [req]);
      to = lead.addressee.name;
      if (copyByEmail && lead.recipient) {
        const copy: EmailRequest = { ...base, idempotencyKey: `${base.idempotencyKey}-copy`, stepId: `${groupId}-copy`, to: lead.recipient, attachInvoicePdf: false, attachLetterPath: receipt.path };
        await sendEmail.executeWithOptions({ summary: `Email copy of ${template} to ${lead.recipient.email}` }, [copy]);
      }
    } else {
      const req: EmailRequest = { ...base, to: lead.recipient, attachInvoicePdf: attachInvoice };
      receipt = await sendEmail.executeWithOptions({ summary: `Email ${template} for ${ids.length} invoice(s) to ${lead.recipient.email}` }, [req]);
      to = lead.recipient.email!;
    }
    state.groups.push({ groupId, at, channel: receipt.channel, template, invoiceIds: ids, messageId: receipt.messageId });
    for (const m of group.members) await notify(m, { key: m.planned!.key, at, receipt, to, mergedInvoiceIds: ids });
  }

  /** One written follow-up for the merged call, restating what was agreed invoice by invoice. */
  async function sendCallFollowUp(debtorTaskId: string, invoiceIds: string[], o: DebtorCallOutcome, results: msg.DebtorCallResult['invoices']): Promise<void> {
    const members = invoiceIds.map((id) => state.invoices[id]);
    const lead = [...members].sort((a, b) => a.invoice.dueDate.localeCompare(b.invoice.dueDate))[0];
    if (!lead?.recipient) return;
    const at = Date.now();
    const agreed = results.map((r) => {
      const share = o.shares.find((s) => s.invoiceId === r.invoiceId);
      const p = o.promiseAll ? { date: o.promiseAll.date } : share?.promise;
      return `${r.invoiceId}: ${p ? `payment by ${p.date}` : share?.dispute ? `dispute (${share.dispute.kind}) ${share.dispute.details}` : share?.plan ? 'payment plan' : r.outcome}`;
    });
    const facts = {
      ...mergedFacts(members, at, tz(), policy.penalties.annualRatePct),
      callSummary: { reached: o.reached, contactName: o.contactName, notes: [o.notes, ...agreed].filter(Boolean).join('\n') },
      promise: o.promiseAll ? { date: o.promiseAll.date, amountCents: members.reduce((t, m) => t + m.amountDueCents, 0) } : undefined,
    };
    const stepId = `${debtorTaskId}-followup`;
    const receipt = await sendEmail.executeWithOptions({ summary: `Email call_followup for ${members.length} invoice(s) to ${lead.recipient.email}` }, [
      { idempotencyKey: `${workflowInfo().workflowId}/${stepId}`, workflowId: workflowInfo().workflowId, stepId, template: 'call_followup', tone: 'friendly_firm', language: lead.invoice.debtor.language, invoice: lead.invoice, to: lead.recipient, facts, attachInvoicePdf: false },
    ]);
    state.groups.push({ groupId: stepId, at, channel: 'email', template: 'call_followup', invoiceIds, messageId: receipt.messageId });
  }

  async function notify(m: InvoiceSync, done: msg.DebtorTouchDone): Promise<void> {
    await getExternalWorkflowHandle(m.workflowId).signal(msg.debtorTouchDone, done);
  }
}

function describe(s: DebtorState, next: Group | undefined): string {
  const open = Object.values(s.invoices).filter((i) => !i.closed);
  const total = open.reduce((t, i) => t + i.amountDueCents, 0);
  return [
    `**Debtor ${s.debtorId}** · ${open.length} open invoice(s) · ${(total / 100).toFixed(2)} due`,
    next ? `Next: ${next.channel} for ${next.members.map((m) => m.invoiceId).join(', ')} at ${new Date(next.at).toISOString().slice(0, 16)}Z` : 'Next: waiting for its invoices',
    `Calls: ${s.callAttempts} · open call tasks: ${s.callTasks.filter((t) => t.status === 'open').map((t) => t.debtorTaskId).join(', ') || 'none'}`,
  ].join('\n\n');
}
