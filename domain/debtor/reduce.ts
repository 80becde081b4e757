import type { Policy } from '../policy/schema';
import { shareOf } from './calls';
import { callOutcomeWord } from '../dunning/call-rules';
import { allocatePayment } from './payments';
import type { DebtorEvent, DebtorState, GroupRecord, Notice } from './state';
import type { InvoiceSyncDelta } from '../coordination/messages';
import { applyDelta } from '../coordination/delta';

/**
 * The only place the debtor's state changes. Pure: same state, event and policy, same result.
 * Every message to an invoice is queued in `outbox` here and delivered by the shell in order.
 */
export function reduceDebtor(prev: DebtorState, event: DebtorEvent, policy: Policy): DebtorState {
  const s = structuredCloneJson(prev);
  run(s, event, policy);
  queueAcks(s);
  s.lastActivityAt = Math.max(s.lastActivityAt, event.at);
  return s;
}

type EventMap = { [E in DebtorEvent as E['type']]: E };
type Handlers = { [K in keyof EventMap]: (s: DebtorState, e: EventMap[K], policy: Policy) => void };

const HANDLERS: Handlers = {
  sync: onSync,
  hold_done: (s, e) => {
    const count = (s.hold?.count ?? 0) + (e.change === 'place' ? 1 : 0);
    s.hold = e.change === 'place' ? { count, placedAt: e.at, reference: e.reference, invoiceIds: e.invoiceIds } : { ...(s.hold ?? { invoiceIds: [] }), count, releasedAt: e.at };
    if (e.error) s.hold.error = e.error;
    const what = e.change === 'place' ? `account put on hold for ${e.invoiceIds.join(', ')}` : 'account hold released: no invoice calls for it any more';
    trace(s, e.at, 'account_hold', e.error ? `the ERP could not be told (${what}): ${e.error}; tell it by hand` : `${what} (${e.reference})`);
  },
  send_started: (s, e) => {
    s.groupSeq += 1;
    s.inFlight = e.group;
    markDone(s, e.group);
    trace(s, e.at, 'send_started', `${e.group.channel} ${e.group.template} for ${ids(e.group)} (${e.group.groupId})`);
  },
  send_done: (s, e) => {
    const g = finish(s, e.groupId, 'sent');
    if (!g) return;
    g.messageId = e.receipt.messageId;
    g.copyMessageId = e.copy?.receipt.messageId;
    g.uncertain = e.receipt.uncertain ? true : undefined;
    if (g.channel !== 'call') s.lastSent[e.receipt.channel] = g.at;
    for (const m of g.members) {
      notify(s, m, { kind: 'done', done: { key: m.key, at: g.at, receipt: e.receipt, to: e.to, mergedInvoiceIds: memberIds(g), groupId: g.groupId, template: g.template, copy: e.copy } });
    }
    trace(s, e.at, 'sent', `${e.receipt.channel} ${g.template} for ${ids(g)} to ${e.to}${e.receipt.uncertain ? ' (uncertain: needs review)' : ''}`);
  },
  send_failed: (s, e) => {
    const g = finish(s, e.groupId, 'failed');
    if (!g) return;
    for (const m of g.members) {
      notify(s, m, { kind: 'done', done: { key: m.key, at: g.at, mergedInvoiceIds: memberIds(g), groupId: g.groupId, failed: e.bounced ? undefined : e.error, bounced: e.bounced } });
    }
    trace(s, e.at, 'send_failed', `${g.template} for ${ids(g)}: ${e.error}`);
  },
  call_opened: (s, e) => {
    s.groupSeq += 1;
    markDone(s, e.group);
    s.groups.push(e.group);
    trimGroups(s);
    s.callTasks.push({ debtorTaskId: e.group.groupId, openedAt: e.at, tasks: Object.fromEntries(e.group.members.map((m) => [m.invoiceId, m.taskId ?? ''])), objective: e.objective, status: 'open', briefPending: true });
    for (const m of e.group.members) {
      notify(s, m, { kind: 'done', done: { key: m.key, at: e.at, debtorTaskId: e.group.groupId, mergedInvoiceIds: memberIds(e.group), groupId: e.group.groupId } });
    }
    trace(s, e.at, 'call_task_opened', `${e.group.groupId} for ${ids(e.group)}`);
  },
  call_completed: onCallCompleted,
  call_brief_ready: (s, e) => {
    const t = s.callTasks.find((x) => x.debtorTaskId === e.debtorTaskId);
    if (!t) return;
    delete t.briefPending;
    if (e.path) t.briefPath = e.path;
    if (e.path || e.error) trace(s, e.at, 'call_brief', e.path ? `brief of ${e.debtorTaskId}: ${e.path}` : `brief of ${e.debtorTaskId} not written (${e.error}): dunning brief prints it`);
  },
  followup_done: (s, e) => {
    const f = s.followUps.find((x) => x.id === e.id);
    s.followUps = s.followUps.filter((x) => x.id !== e.id);
    if (!f) return;
    if (!e.receipt) {
      trace(s, e.at, 'send_failed', `follow-up of ${f.debtorTaskId}: ${e.error ?? 'failed'}`);
      return;
    }
    const members = f.invoiceIds.map((id) => s.invoices[id]).filter(Boolean);
    s.groups.push({ groupId: f.id, at: e.at, channel: 'email', template: e.template, members: members.map((m) => ({ invoiceId: m.invoiceId, workflowId: m.workflowId, key: `${f.id}/${m.invoiceId}` })), status: 'sent', messageId: e.receipt.messageId });
    trimGroups(s);
    for (const m of members) {
      notify(s, m, { kind: 'sent', sent: { groupId: f.id, at: e.at, template: e.template, receipt: e.receipt, to: e.to ?? '', debtorTaskId: f.debtorTaskId } });
    }
    trace(s, e.at, 'sent', `email ${e.template} for ${f.invoiceIds.join(', ')} to ${e.to}`);
  },
  payment: (s, e) => {
    const p = e.payment;
    if (s.paymentIds.includes(p.paymentId)) return trace(s, e.at, 'payment_duplicate', `${p.paymentId} already allocated`);
    s.paymentIds.push(p.paymentId);
    const { shares, unappliedCents } = allocatePayment(s, p.amountCents, p.invoiceIds);
    s.unappliedCents += unappliedCents;
    for (const share of shares) {
      // The debtor's picture of what is due moves at once: a second payment before the next sync is not over-allocated.
      s.invoices[share.invoiceId].amountDueCents -= share.amountCents;
      notify(s, s.invoices[share.invoiceId], { kind: 'payment', payment: { paymentId: `${p.paymentId}/${share.invoiceId}`, amountCents: share.amountCents, paidOn: p.paidOn } });
    }
    trace(s, e.at, 'payment', `${p.paymentId}: ${shares.map((x) => `${x.invoiceId} ${x.amountCents}`).join(', ') || 'nothing due'}${unappliedCents ? `; ${unappliedCents} cents unapplied` : ''}`);
  },
  insolvency: (s, e) => {
    const open = Object.values(s.invoices).filter((i) => !i.closed);
    for (const i of open) notify(s, i, { kind: 'insolvency', insolvency: e.insolvency });
    trace(s, e.at, 'insolvency', `${e.insolvency.procedure}: every open invoice stops (L622-21): ${open.map((i) => i.invoiceId).join(', ') || 'none open'}`);
  },
  notice_delivered: (s, e) => {
    s.outbox = s.outbox.filter((n) => n.id !== e.id);
  },
  notice_undeliverable: (s, e) => {
    const n = s.outbox.find((x) => x.id === e.id);
    s.outbox = s.outbox.filter((x) => x.id !== e.id);
    if (!n) return;
    // A payment share the invoice cannot take stays with the debtor as unapplied money.
    if (n.kind === 'payment') s.unappliedCents += n.payment.amountCents;
    trace(s, e.at, 'undeliverable', `${n.kind} for ${n.invoiceId} not delivered (${e.error})`);
  },
  stale_calls_closed: (s, e) => {
    for (const t of s.callTasks) {
      if (t.status === 'open' && e.debtorTaskIds.includes(t.debtorTaskId)) {
        t.status = 'done';
        t.closedAt = e.at;
      }
    }
  },
  signal_rejected: (s, e) => trace(s, e.at, 'signal_rejected', `${e.signal}: ${e.error}`),
  deltas_read: (s) => {
    s.deltas = true;
    for (const inv of Object.values(s.invoices)) if (inv.protocol === 2 && !inv.closed) notify(s, inv, { kind: 'protocol', protocol: { protocol: 3 } });
  },
};

function run<K extends keyof EventMap>(s: DebtorState, e: EventMap[K] & { type: K }, policy: Policy): void {
  const handler: Handlers[K] = HANDLERS[e.type];
  handler(s, e, policy);
}

function onSync(s: DebtorState, e: EventMap['sync']): void {
  if (e.sync.protocol === 3) return onDelta(s, e.at, e.sync);
  const sync = e.sync;
  const known = s.invoices[sync.invoiceId];
  // Protocol 2 syncs are ordered by seq; an older one arriving late changes nothing.
  if (known?.seq !== undefined && sync.seq !== undefined && sync.seq <= known.seq) return;
  s.invoices[sync.invoiceId] = sync;
  // Protocol 3: an invoice of version 2 or later learns, once per debtor run (and after a resync), that deltas are read.
  const asked = s.resync?.includes(sync.invoiceId);
  if (s.resync && asked) s.resync = s.resync.filter((id) => id !== sync.invoiceId);
  if (s.deltas && sync.protocol === 2 && !sync.closed && (!known || asked)) notify(s, sync, { kind: 'protocol', protocol: { protocol: 3 } });
}

/** A delta applies only on the exact sync it was built on; else the invoice is asked for its whole picture. */
function onDelta(s: DebtorState, at: number, d: InvoiceSyncDelta): void {
  const r = applyDelta(s.invoices[d.invoiceId], d);
  if (r.kind === 'applied') s.invoices[d.invoiceId] = r.sync;
  if (r.kind !== 'unknown_base') return;
  // One question until the whole picture comes: the deltas sent before the invoice heard it add nothing.
  if (s.resync?.includes(d.invoiceId)) return;
  s.resync = [...(s.resync ?? []), d.invoiceId];
  notify(s, d, { kind: 'resync', resync: { seq: d.seq } });
  trace(s, at, 'resync', `${d.invoiceId}: delta ${d.seq} on ${d.base}, held ${s.invoices[d.invoiceId]?.seq ?? 'nothing'}: asked for the whole picture`);
}

function onCallCompleted(s: DebtorState, e: EventMap['call_completed']): void {
  const o = e.outcome;
  const task = s.callTasks.find((t) => t.debtorTaskId === o.debtorTaskId && t.status === 'open');
  if (!task) return; // the update validator refused it already; replays stay safe
  task.status = 'done';
  task.closedAt = e.at;
  s.callAttempts += 1;
  s.lastCallAt = e.at;
  // Enough to cap calls per 30 days (a cap above 20 is not a cap).
  s.callTimes = [...(s.callTimes ?? []), e.at].slice(-20);
  const results: Array<{ invoiceId: string; outcome: string }> = [];
  const covered: string[] = [];
  for (const [invoiceId, taskId] of Object.entries(task.tasks)) {
    const inv = s.invoices[invoiceId];
    // An invoice closed since the call task opened (paid, say) takes no part in what was agreed.
    if (!inv || inv.closed) continue;
    covered.push(invoiceId);
    const outcome = shareOf(o, invoiceId, taskId, inv.amountDueCents);
    notify(s, inv, { kind: 'outcome', forwarded: { outcome, debtorTaskId: task.debtorTaskId, debtorAttempts: s.callAttempts } });
    results.push({ invoiceId, outcome: callOutcomeWord(outcome) });
  }
  if (covered.length) s.followUps.push({ id: `${task.debtorTaskId}-followup`, debtorTaskId: task.debtorTaskId, invoiceIds: covered, outcome: o, results });
  trace(s, e.at, 'call', `${task.debtorTaskId}: ${o.reached ? 'reached' : 'not reached'}; ${results.map((r) => `${r.invoiceId} ${r.outcome}`).join(', ')}`);
}

/** A closed invoice learns that nothing sent for it is still in flight: its workflow may end. */
function queueAcks(s: DebtorState): void {
  for (const inv of Object.values(s.invoices)) {
    if (!inv.closed || inv.protocol !== 2 || inv.seq === undefined) continue;
    if ((s.acked[inv.invoiceId] ?? -1) >= inv.seq) continue;
    // Not while a send covering it is in flight or a merged call's follow-up for it is still to go.
    if (s.inFlight?.members.some((m) => m.invoiceId === inv.invoiceId)) continue;
    if (s.followUps.some((f) => f.invoiceIds.includes(inv.invoiceId))) continue;
    s.acked[inv.invoiceId] = inv.seq;
    notify(s, inv, { kind: 'ack', ack: { seq: inv.seq } });
  }
}

type NoticeBody = Notice extends infer N ? (N extends Notice ? Omit<N, 'id' | 'invoiceId' | 'workflowId'> : never) : never;

function notify(s: DebtorState, to: { invoiceId: string; workflowId: string }, body: NoticeBody): void {
  const id = `n-${++s.seq}`;
  const notice: Notice = { ...body, id, invoiceId: to.invoiceId, workflowId: to.workflowId };
  s.outbox.push(notice);
}

function markDone(s: DebtorState, g: GroupRecord): void {
  for (const m of g.members) s.done[m.invoiceId] = [...(s.done[m.invoiceId] ?? []), m.key].slice(-50);
}

function finish(s: DebtorState, groupId: string, status: 'sent' | 'failed'): GroupRecord | undefined {
  const g = s.inFlight?.groupId === groupId ? s.inFlight : undefined;
  if (!g) return undefined;
  s.inFlight = undefined;
  g.status = status;
  s.groups.push(g);
  trimGroups(s);
  return g;
}

function trimGroups(s: DebtorState): void {
  if (s.groups.length > 100) s.groups = s.groups.slice(-100);
}

function trace(s: DebtorState, at: number, kind: string, detail: string): void {
  s.trace.push({ at, kind, detail });
  if (s.trace.length > 200) s.trace = s.trace.slice(-200);
}

const ids = (g: GroupRecord) => g.members.map((m) => m.invoiceId).join(', ');
const memberIds = (g: GroupRecord) => g.members.map((m) => m.invoiceId);

/** States are plain JSON (they travel in queries and continue-as-new): a JSON copy is exact. */
function structuredCloneJson<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}
