/**
 * Cross-field rules of a policy, written once for both validators: the zod schema (CLI, files) and
 * the plain-data spec the workflows check their input with (domain/wire/policy.ts).
 */

/** Channels a step may name that have no adapter yet: refused rather than sent as something else. */
export const CHANNELS_WITHOUT_ADAPTER = ['sms'] as const;

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
