/**
 * Cross-field rules of a policy, written once for both validators: the zod schema (CLI, files) and
 * the plain-data spec the workflows check their input with (domain/wire/policy.ts).
 */

/** Channels a step may name that have no adapter yet: refused rather than sent as something else. */
export const CHANNELS_WITHOUT_ADAPTER = [] as const;

export interface RuleIssue {
  path: Array<string | number>;
  message: string;
}

/** A step on a channel the product cannot send yet (issue 17: an SMS step was sent as an email). */
export function unsupportedChannelIssue(steps: ReadonlyArray<{ id: string; channel: string }>): RuleIssue | undefined {
  const i = steps.findIndex((s) => (CHANNELS_WITHOUT_ADAPTER as readonly string[]).includes(s.channel));
  if (i < 0) return undefined;
  const s = steps[i];
  return {
    path: ['steps', i, 'channel'],
    message: `step "${s.id}": channel "${s.channel}" is not supported yet (there is no ${s.channel} adapter, and it will not be sent as an email instead); use email, letter or call`,
  };
}

/** The creditor's manager must step in before the fruitless touches send the file to litigation. */
export function escalationIssue(p: { unsuccessfulTouches: { count: number }; calls: { creditorEscalation?: { afterFailedTouches: number } } }): RuleIssue | undefined {
  const e = p.calls.creditorEscalation;
  if (!e || e.afterFailedTouches < p.unsuccessfulTouches.count) return undefined;
  return {
    path: ['calls', 'creditorEscalation', 'afterFailedTouches'],
    message: `${e.afterFailedTouches} failed touches is not below unsuccessfulTouches.count (${p.unsuccessfulTouches.count}): the file would go to litigation before the manager calls`,
  };
}

/** The SMS texts (templates/<lang>/sms/<id>.txt): an sms step names one of them. */
export const SMS_TEMPLATE_IDS = ['sms_reminder', 'sms_firm'] as const;
export type SmsTemplateId = (typeof SMS_TEMPLATE_IDS)[number];

/** An sms step with an email or letter template (or the reverse) would fail only when it is due. */
export function smsTemplateIssue(steps: ReadonlyArray<{ id: string; channel: string; template: string }>): RuleIssue | undefined {
  const sms = SMS_TEMPLATE_IDS as readonly string[];
  const i = steps.findIndex((s) => (s.channel === 'sms') !== sms.includes(s.template));
  if (i < 0) return undefined;
  const s = steps[i];
  return {
    path: ['steps', i, 'template'],
    message: s.channel === 'sms' ? `step "${s.id}": an sms step uses an SMS text: ${SMS_TEMPLATE_IDS.join(', ')}` : `step "${s.id}": ${s.template} is an SMS text; use it on an sms step`,
  };
}

/** The account hold names the step after which it is placed. */
export function accountHoldIssue(p: { steps: ReadonlyArray<{ id: string }>; accountHold?: { afterStep: string } }): RuleIssue | undefined {
  if (!p.accountHold || p.steps.some((s) => s.id === p.accountHold!.afterStep)) return undefined;
  return { path: ['accountHold', 'afterStep'], message: `no step "${p.accountHold.afterStep}" in the policy (the hold is placed once that step has gone)` };
}
