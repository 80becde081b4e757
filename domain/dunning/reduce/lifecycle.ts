/** Events of the file's life: pause and resume, a new contact, cancel, insolvency, litigation, handoff. */
import type { DunningState, Outcome, PendingMessage } from '../state';
import { claimFiling, describeClaimFiling } from '../insolvency';
import { flushDone } from './coordination';
import { cancelHeldTasks, cancelOpenTasks, recordTouchOnly, trace, type Handlers } from './helpers';

export const LIFECYCLE_HANDLERS: Handlers<
  'paused' | 'resumed' | 'cancelled' | 'contact_changed' | 'insolvency' | 'litigation_decided' | 'handed_off' | 'handoff_failed' | 'signal_rejected'
> = {
  paused: (s, e) => {
    if (s.paused) return;
    s.paused = { reason: e.reason, since: e.at, until: e.until, by: e.by };
    trace(s, e.at, 'paused', { detail: `${e.reason}${e.until ? ` (until ${e.until})` : ''}` });
    if (e.cancelTasks) cancelHeldTasks(s, e.at, 'dunning paused');
  },
  resumed: (s, e) => {
    if (s.litigation.handoffFailedAt !== undefined && !s.paused) {
      s.litigation.handoffFailedAt = undefined;
      trace(s, e.at, 'resumed', { detail: `${e.reason ?? 'resumed'}: the litigation handoff is tried again` });
      return;
    }
    if (!s.paused) return;
    s.paused = undefined;
    trace(s, e.at, 'resumed', { detail: e.reason ?? 'resumed' });
  },
  cancelled: (s, e) => {
    // Messages already decided (a call's follow-up) still go.
    cancelOpenTasks(s, e.at);
    close(s, e.at, 'cancelled', e.reason);
  },
  contact_changed: (s, e) => {
    s.contacts.push(e.contact);
    if (e.primary) s.activeContact = s.contacts.length - 1;
    s.consecutiveUnreached = 0;
    trace(s, e.at, 'contact_changed', { detail: `${e.contact.name} (${e.contact.role})${e.primary ? ', now the primary contact' : ''}` });
  },
  insolvency: (s, e) => {
    // Stay of individual actions (L622-21): dunning stops; the claim is filed instead.
    const filing = claimFiling(e.insolvency);
    s.insolvency = { ...e.insolvency, at: e.at, claimFiling: filing };
    closeFile(s, e.at, 'insolvency', `insolvency proceedings (${e.insolvency.procedure}): ${describeClaimFiling(filing)}`);
  },
  litigation_decided: (s, e) => {
    s.litigation.reason = e.reason;
    s.litigation.announcedAt = e.at;
    trace(s, e.at, 'litigation_decided', { detail: e.reason });
  },
  handed_off: (s, e) => {
    s.litigation.handedOffAt = e.at;
    s.litigation.reference = e.reference;
    s.litigation.location = e.location;
    s.litigation.route = e.route;
    cancelOpenTasks(s, e.at);
    s.outcome = 'litigation';
    s.closedAt = e.at;
    s.stage = 'litigation';
    trace(s, e.at, 'litigation_handoff', { outcome: 'litigation', detail: `file ${e.reference} handed over (${e.route})` });
  },
  handoff_failed: (s, e) => {
    // The partner refused the file or never answered: a person must look; `resume` retries.
    s.litigation.handoffFailedAt = e.at;
    s.litigation.handoffError = e.error;
    trace(s, e.at, 'litigation_handoff_failed', { outcome: 'failed', detail: `${e.error} (send resume to retry)` });
  },
  signal_rejected: (s, e) => trace(s, e.at, 'signal_rejected', { detail: `${e.signal}: ${e.error}` }),
};

/** The file ends with `outcome`: what the debtor's workflow did for it is recorded, follow-ups stop. */
export function close(s: DunningState, at: number, outcome: Outcome, reason: string): void {
  flushDone(s, (inner) => recordTouchOnly(s, inner));
  s.outcome = outcome;
  s.closedAt = at;
  s.closeReason = reason;
  s.followUps.forEach((f) => (f.done = true));
  trace(s, at, 'closed', { outcome, detail: reason });
}

/** Nothing more is owed (paid, credited) or may be claimed (insolvency): tasks cancelled, messages dropped but `last`. */
export function closeFile(s: DunningState, at: number, outcome: Outcome, reason: string, last: PendingMessage[] = []): void {
  cancelOpenTasks(s, at);
  s.pending = last;
  close(s, at, outcome, reason);
}
