import type { Action } from './planner';
import type { Policy } from './policy';
import type { DunningState } from './state';
import type { InvoiceSync, PlannedTouch } from './debtor';
import { localDateOf } from './calendar';
import { indemnityCents, isClosed, openCallTask, tzOf } from './views';

type Touching = Extract<Action, { kind: 'send' | 'open_call' }>;

/** The invoice's picture for its debtor's workflow, with the touch it hands over (if any). */
export function debtorSync(s: DunningState, policy: Policy, next: { key: string; action: Touching } | undefined): InvoiceSync {
  const tz = tzOf(s, policy);
  const ordered = [...s.contacts.slice(s.activeContact), ...s.contacts.slice(0, s.activeContact)];
  return {
    invoiceId: s.invoice.invoiceId,
    workflowId: s.workflowId,
    invoice: s.invoice,
    stage: s.stage,
    closed: isClosed(s),
    amountDueCents: s.amountDueCents,
    paidCents: s.paidCents,
    indemnityCents: indemnityCents(s, policy),
    penaltyRatePct: policy.penalties.annualRatePct,
    balances: s.balances,
    openTaskId: openCallTask(s)?.taskId,
    recipient: ordered.find((c) => c.email && !s.badEmails.includes(c.email)),
    addressee: s.contacts[s.activeContact],
    previousTouches: s.touches.filter((t) => t.result !== 'bounced').map((t) => ({ date: localDateOf(t.at, tz), channel: t.channel, template: t.template })),
    planned: next && planned(next.key, next.action),
  };
}

function planned(key: string, a: Touching): PlannedTouch {
  if (a.kind === 'open_call') {
    return {
      key, channel: 'call', at: a.at, stepId: a.task.stepId, template: a.task.script, tone: a.task.tone,
      registered: false, formalNotice: false, attachInvoice: false, copyByEmail: false,
      call: { taskId: a.task.taskId, kind: a.task.kind, objective: a.task.objective, script: a.task.script, assignee: a.task.assignee },
    };
  }
  return {
    key, channel: a.channel, at: a.at, stepId: a.stepId, template: a.template, tone: a.tone,
    registered: a.registered, formalNotice: a.formalNotice, attachInvoice: a.attachInvoice, copyByEmail: a.copyByEmail,
  };
}
