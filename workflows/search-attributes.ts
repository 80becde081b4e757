import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributeUpdatePair } from '@temporalio/common';
import type { VisibleFields } from '../domain/views/presentation';

/**
 * The custom search attributes that make runs findable in the Web UI and `dunning list`.
 * The same list is registered on the dev server (scripts/start.ts) and in docker-compose.yml.
 */
export const SA = {
  invoiceId: defineSearchAttributeKey('DunningInvoiceId', SearchAttributeType.KEYWORD),
  debtorId: defineSearchAttributeKey('DunningDebtorId', SearchAttributeType.KEYWORD),
  debtorName: defineSearchAttributeKey('DunningDebtorName', SearchAttributeType.KEYWORD),
  stage: defineSearchAttributeKey('DunningStage', SearchAttributeType.KEYWORD),
  amountDue: defineSearchAttributeKey('DunningAmountDue', SearchAttributeType.DOUBLE),
  daysPastDue: defineSearchAttributeKey('DunningDaysPastDue', SearchAttributeType.INT),
  dueDate: defineSearchAttributeKey('DunningDueDate', SearchAttributeType.DATETIME),
  nextActionTime: defineSearchAttributeKey('DunningNextActionTime', SearchAttributeType.DATETIME),
  nextAction: defineSearchAttributeKey('DunningNextAction', SearchAttributeType.KEYWORD),
  callTaskOpen: defineSearchAttributeKey('DunningCallTaskOpen', SearchAttributeType.BOOL),
  callAssignee: defineSearchAttributeKey('DunningCallAssignee', SearchAttributeType.KEYWORD),
  brokenPromises: defineSearchAttributeKey('DunningBrokenPromises', SearchAttributeType.INT),
  openDisputes: defineSearchAttributeKey('DunningOpenDisputes', SearchAttributeType.INT),
  outcome: defineSearchAttributeKey('DunningOutcome', SearchAttributeType.KEYWORD),
  // SQL visibility (dev server, PostgreSQL) has three custom slots per type: the Int ones are taken.
  sendToReview: defineSearchAttributeKey('DunningSendToReview', SearchAttributeType.BOOL),
  // The third Datetime slot: the limitation date of an open file (domain/dunning/limitation.ts).
  limitationDate: defineSearchAttributeKey('DunningLimitationDate', SearchAttributeType.DATETIME),
} as const;

/** Name and the `temporal` CLI's type name, for `--search-attribute Name=Type`. */
export const SEARCH_ATTRIBUTE_DEFINITIONS: Array<{ name: string; type: string }> = Object.values(SA).map((k) => ({
  name: k.name,
  type: { KEYWORD: 'Keyword', DOUBLE: 'Double', INT: 'Int', DATETIME: 'Datetime', BOOL: 'Bool', TEXT: 'Text', KEYWORD_LIST: 'KeywordList' }[k.type as string] ?? 'Keyword',
}));

/** The run's visible fields as search attribute updates (null removes a value that no longer holds). */
export function searchAttributeUpdates(f: VisibleFields): SearchAttributeUpdatePair[] {
  const time = (ms: number | null) => (ms === null ? null : new Date(ms));
  return [
    { key: SA.invoiceId, value: f.invoiceId },
    { key: SA.debtorId, value: f.debtorId },
    { key: SA.debtorName, value: f.debtorName },
    { key: SA.stage, value: f.stage },
    { key: SA.amountDue, value: f.amountDue },
    { key: SA.daysPastDue, value: f.daysPastDue },
    { key: SA.dueDate, value: new Date(`${f.dueDate}T00:00:00Z`) },
    { key: SA.callTaskOpen, value: f.callTaskOpen },
    { key: SA.callAssignee, value: f.callAssignee },
    { key: SA.brokenPromises, value: f.brokenPromises },
    { key: SA.openDisputes, value: f.openDisputes },
    { key: SA.nextAction, value: f.nextAction },
    { key: SA.nextActionTime, value: time(f.nextActionTime) },
    { key: SA.outcome, value: f.outcome },
    { key: SA.sendToReview, value: f.sendsToReview > 0 },
    { key: SA.limitationDate, value: f.limitationDate ? new Date(`${f.limitationDate}T00:00:00Z`) : null },
  ];
}
