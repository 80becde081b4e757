import { toMs } from '../time/duration';
import type { InvoiceSync } from '../coordination/messages';
import type { Policy } from '../policy/schema';
import { staleCallTasks } from './calls';
import { debtorTz, leadOf, nextGroup, type Group, type Lead } from './grouping';
import type { DebtorEvent, DebtorState, FollowUp, GroupRecord, Notice } from './state';

/** What the debtor's workflow does next. The shell performs it and dispatches what came of it. */
export type DebtorStep =
  /** Tell an invoice workflow (a signal); undeliverable when that run has ended. */
  | { kind: 'deliver'; notice: Notice }
  /** The written follow-up of a merged call (transactional: at once). */
  | { kind: 'followup'; followUp: FollowUp }
  /** One merged email or letter (with its copy by email when asked). */
  | { kind: 'send'; group: GroupRecord; members: InvoiceSync[]; lead: Lead; formalNotice: boolean }
  /** A change with no effect outside the state (a merged call task opens, stale ones close). */
  | { kind: 'event'; event: DebtorEvent }
  /** Write the one brief file of a merged call, once its invoices know the task (the notices went first). */
  | { kind: 'brief'; debtorTaskId: string }
  /** Nothing to do before `until` (or before news, when there is no `until`). */
  | { kind: 'wait'; until?: number; reason: string }
  /** Tell the ERP to hold the debtor's account, or release it (policy accountHold, docs/channels.md). */
  | { kind: 'hold'; change: 'place' | 'release'; invoiceIds: string[]; n: number }
  /** No open invoice, nothing pending, idle long enough: the workflow ends. */
  | { kind: 'close' };

export function planDebtor(s: DebtorState, policy: Policy, now: number, sendWindow = true): DebtorStep {
  if (s.outbox.length) return { kind: 'deliver', notice: s.outbox[0] };
  if (s.inFlight) return { kind: 'wait', reason: 'a send is in flight' }; // only seen between replay steps
  const hold = holdStep(s);
  if (hold) return hold;
  if (s.followUps.length) return { kind: 'followup', followUp: s.followUps[0] };
  const brief = s.callTasks.find((t) => t.status === 'open' && t.briefPending);
  if (brief) return { kind: 'brief', debtorTaskId: brief.debtorTaskId };
  const tz = debtorTz(s, policy);
  const calls = staleCallTasks(s, policy, now, tz);
  if (calls.stale.length) return { kind: 'event', event: { type: 'stale_calls_closed', at: now, debtorTaskIds: calls.stale } };

  const group = nextGroup(s, policy, sendWindow);
  if (group && group.at <= now) return perform(s, group, now);

  const open = Object.values(s.invoices).some((i) => !i.closed);
  const callOpen = s.callTasks.some((t) => t.status === 'open');
  const idleAt = !open && !callOpen && Object.keys(s.invoices).length > 0 ? s.lastActivityAt + toMs(policy.coordination.idleBeforeClose) : undefined;
  if (idleAt !== undefined && now >= idleAt) return { kind: 'close' };
  const candidates: Array<[number | undefined, string]> = [
    [group?.at, group ? `${group.channel} for ${group.members.map((m) => m.invoiceId).join(', ')}` : ''],
    [calls.recheckAt, 'close call tasks nobody completed'],
    [idleAt, 'no open invoice: close when idle'],
  ];
  const next = candidates.filter((c): c is [number, string] => c[0] !== undefined).sort((a, b) => a[0] - b[0])[0];
  return next ? { kind: 'wait', until: next[0], reason: next[1] } : { kind: 'wait', reason: 'waiting for its invoices' };
}

/** One hold per debtor: placed while any invoice calls for it, released once none does. */
function holdStep(s: DebtorState): DebtorStep | undefined {
  const wanting = Object.values(s.invoices).filter((i) => i.holdWanted).map((i) => i.invoiceId).sort();
  const active = s.hold?.placedAt !== undefined && s.hold.releasedAt === undefined;
  if (wanting.length && !active) return { kind: 'hold', change: 'place', invoiceIds: wanting, n: (s.hold?.count ?? 0) + 1 };
  if (!wanting.length && active) return { kind: 'hold', change: 'release', invoiceIds: s.hold!.invoiceIds, n: s.hold!.count };
  return undefined;
}

function perform(s: DebtorState, group: Group, now: number): DebtorStep {
  const n = s.groupSeq + 1;
  const members = group.members.map((m) => ({ invoiceId: m.invoiceId, workflowId: m.workflowId, key: m.planned!.key, taskId: m.planned!.call?.taskId }));
  if (group.channel === 'call') {
    const record: GroupRecord = { groupId: `${s.debtorId}-call-${n}-${s.epoch}`, at: now, channel: 'call', template: group.members[0].planned!.template, members, status: 'opened' };
    const objective = group.members.map((m) => `${m.invoiceId}: ${m.planned!.call?.objective ?? ''}`).join(' | ');
    return { kind: 'event', event: { type: 'call_opened', at: now, group: record, objective } };
  }
  const lead = leadOf(group.members);
  // An email needs an address; without one the merged message goes by post.
  const channel = group.channel === 'email' && !lead.lead.recipient ? 'letter' : group.channel;
  const record: GroupRecord = { groupId: `${channel}-${n}-${s.epoch}`, at: now, channel, template: lead.template, tone: lead.tone, members, status: 'sending' };
  return { kind: 'send', group: record, members: group.members, lead, formalNotice: group.members[0].planned!.formalNotice };
}
