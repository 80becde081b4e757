/** Events of the registered notice's journey: the postal side's report, or the end of the wait for it. */
import { localDateOf } from '../../time/calendar';
import { tzOf } from '../derived';
import { afterLetterEvent, deadlineOf, describePresentation, type NoticePresentation } from '../notice';
import type { DunningState } from '../state';
import type { Policy } from '../../policy/schema';
import { trace, type Handlers } from './helpers';

export const NOTICE_HANDLERS: Handlers<'letter_event' | 'notice_presentation_assumed'> = {
  letter_event: (s, e, { policy }) => {
    const p = s.formalNotice?.presentation;
    const l = e.letter;
    const what = `${l.event} on ${l.on}${l.reason ? ` (${l.reason})` : ''}${l.trackingNumber ? `, tracking ${l.trackingNumber}` : ''}${l.source ? `, reported by ${l.source}` : ''}`;
    // The update's validator refuses it before history; should one get here anyway, it is only recorded.
    if (!p) return trace(s, e.at, 'notice_letter', { detail: `${what}: ignored (${s.formalNotice ? 'this notice counts its deadline from the sending day' : 'no formal notice sent'})` });
    const next = afterLetterEvent(p, l);
    // The same report again (a provider retrying its webhook): nothing new, no second line.
    if (JSON.stringify(next) === JSON.stringify(p) && s.trace.some((t) => t.kind === 'notice_letter' && t.detail?.startsWith(`${what}: `))) return;
    settle(s, next, policy, e.at, what);
  },
  notice_presentation_assumed: (s, e, { policy }) => {
    const p = s.formalNotice?.presentation;
    if (!p || p.basis !== undefined) return;
    settle(s, { ...p, presentedOn: localDateOf(p.waitUntil, tzOf(s, policy)), basis: 'assumed' }, policy, e.at, 'no news of the registered letter by the end of the wait');
  },
};

/** The new presentation and the deadline it gives; the trace says both. */
function settle(s: DunningState, p: NoticePresentation, policy: Policy, at: number, what: string): void {
  const notice = s.formalNotice!;
  const tz = tzOf(s, policy);
  const before = notice.presentation;
  notice.presentation = p;
  // Only a new start moves the deadline (a delivery after the presentation does not).
  const moved = p.presentedOn !== before?.presentedOn || p.basis !== before?.basis;
  const d = moved ? deadlineOf(p, policy, tz, at) : undefined;
  if (d) {
    notice.deadline = d.deadline;
    notice.deadlineAt = d.deadlineAt;
  }
  const then = p.basis === 'address_unknown' ? 'the deadline cannot run: handed to the litigation partner' : `deadline ${notice.deadline}, handoff from ${localDateOf(notice.deadlineAt, tz)}`;
  trace(s, at, 'notice_letter', { step: notice.stepId, channel: 'letter', detail: `${what}: ${describePresentation(p, tz)}; ${then}` });
}
