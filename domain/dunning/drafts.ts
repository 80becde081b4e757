import type { Contact, Invoice } from '../invoice/schema';
import type { Policy } from '../policy/schema';
import type { Language, MessageFacts, TemplateId, Tone } from '../wire/vocabulary';
import { tzOf } from './derived';
import { buildFacts } from './facts';
import { noticeDeadline, PLAIN_SEND } from './plan';
import type { DunningState } from './state';

/** The formal notice as it would go now, for the approver's draft (docs/field.md): the same facts the letter gets. */
export interface NoticeDraft {
  template: TemplateId;
  tone: Tone;
  language: Language;
  invoice: Invoice;
  to: Contact;
  registered: boolean;
  facts: MessageFacts;
}

export function noticeDraft(s: DunningState, policy: Policy, now: number): NoticeDraft | undefined {
  const index = policy.steps.findIndex((st) => st.formalNotice);
  if (index < 0) return undefined;
  const step = policy.steps[index];
  const deadline = noticeDeadline(now, policy, tzOf(s, policy)).deadline;
  const action = {
    kind: 'send', at: now, stepId: step.id, channel: 'letter', template: step.template as TemplateId, tone: step.tone,
    options: { ...PLAIN_SEND, registered: step.registered, formalNotice: true }, source: { stepIndex: index }, description: 'draft',
  } as const;
  return { template: action.template, tone: step.tone, language: s.invoice.debtor.language, invoice: s.invoice, to: s.contacts[s.activeContact], registered: step.registered, facts: buildFacts(s, policy, now, action, deadline) };
}
