import type { Action } from './plan';
import { noticeDeadline } from './plan';
import { noticeAwaitingPresentation } from './notice';
import type { Policy } from '../policy/schema';
import type { DunningEvent, DunningState } from './state';
import { tzOf } from './derived';
import type { SendReceipt } from '../wire/vocabulary';

export type SendAction = Extract<Action, { kind: 'send' }>;

/** Where a send came from (step, pending message, promise...), so the reducer knows what it fulfils. */
export function consumed(action: SendAction): { stepIndex?: number; pendingId?: string } {
  return { stepIndex: action.source.stepIndex, pendingId: action.source.pendingId };
}

type NoticeSent = NonNullable<Extract<DunningEvent, { type: 'touch' }>['formalNotice']>;

/**
 * The formal notice's payment deadline when `action` is the notice sent at `at`: from the first
 * presentation of the letter (the run waits for it), or from the sending day on runs started before.
 */
export function noticeOf(action: SendAction, at: number, s: DunningState, policy: Policy): NoticeSent | undefined {
  if (!action.options.formalNotice) return undefined;
  const tz = tzOf(s, policy);
  return s.noticeFromSending ? noticeDeadline(at, policy, tz) : noticeAwaitingPresentation(at, policy, tz);
}

/** A message that left (or may have: an uncertain receipt), as the touch event the reducer records. */
export function touchEvent(action: SendAction, receipt: SendReceipt, to: string, notice: NoticeSent | undefined, at: number): DunningEvent {
  return {
    type: 'touch',
    at,
    touch: {
      stepId: action.stepId,
      channel: receipt.channel,
      template: action.template,
      tone: action.tone,
      to,
      result: receipt.uncertain ? 'uncertain' : 'sent',
      unsuccessful: false,
      messageId: receipt.messageId,
      path: receipt.path,
      trackingNumber: receipt.trackingNumber,
    },
    stepIndex: action.source.stepIndex,
    pendingId: action.source.pendingId,
    promiseId: action.source.promiseId,
    instalmentSeq: action.source.instalmentSeq,
    gap: action.source.gap,
    formalNotice: notice,
  };
}

/** The email copy sent with a letter: a touch of its own, fulfilling nothing. */
export function copyAction(action: SendAction): SendAction {
  return { ...action, stepId: `${action.stepId}-copy`, source: {}, options: { ...action.options, formalNotice: false } };
}
