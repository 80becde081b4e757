import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

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
} as const;

/** Name and the `temporal` CLI's type name, for `--search-attribute Name=Type`. */
export const SEARCH_ATTRIBUTE_DEFINITIONS: Array<{ name: string; type: string }> = Object.values(SA).map((k) => ({
  name: k.name,
  type: { KEYWORD: 'Keyword', DOUBLE: 'Double', INT: 'Int', DATETIME: 'Datetime', BOOL: 'Bool', TEXT: 'Text', KEYWORD_LIST: 'KeywordList' }[k.type as string] ?? 'Keyword',
}));
