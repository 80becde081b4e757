/**
 * Exactly-once audit of a chaos or fault run: every email and letter that reached a provider is
 * compared with what the workflows say they sent. Pure: the caller collects both sides (see
 * ./sources for the fake SendGrid, the postal log and the workflow queries).
 *
 *   const audit = auditSends(sends, traces);
 *   audit.sentTwice  // idempotency keys that reached a provider more than once
 *   audit.untraced   // sends no workflow recorded + recorded sends no provider received
 *
 * The join is the receipt's message id: activities/sent-log.ts derives it from the idempotency
 * key (messageIdFor), the workflows keep it in their touches (invoice) and groups (debtor).
 */
import { messageIdFor } from '../../activities/sent-log';

/** One request that reached a provider: an email at SendGrid, a letter filed with the post. */
export interface SendRecord {
  key: string;
  channel: 'email' | 'letter';
}

/** One send a workflow recorded (invoice touch or debtor group), by the receipt's message id. */
export interface TraceRecord {
  messageId: string;
  workflowId: string;
  channel: string;
}

export interface SendAudit {
  /** Provider requests and filings counted. */
  sends: number;
  /** Distinct idempotency keys among them. */
  keys: number;
  /** Keys sent more than once, with their count. */
  duplicates: Array<{ key: string; count: number }>;
  sentTwice: number;
  /** Keys that reached a provider but appear in no workflow's trace. */
  untracedSends: string[];
  /** Sends a workflow recorded that no provider received. */
  tracesWithoutSend: TraceRecord[];
  untraced: number;
}

export function auditSends(sends: SendRecord[], traces: TraceRecord[]): SendAudit {
  const perKey = new Map<string, number>();
  for (const s of sends) perKey.set(s.key, (perKey.get(s.key) ?? 0) + 1);
  const duplicates = [...perKey].filter(([, n]) => n > 1).map(([key, count]) => ({ key, count }));
  const traced = new Set(traces.map((t) => t.messageId));
  const sentIds = new Set([...perKey.keys()].map(messageIdFor));
  const untracedSends = [...perKey.keys()].filter((k) => !traced.has(messageIdFor(k)));
  // A coordinated invoice records its debtor's message id too: one record per message id is enough.
  const byId = new Map(traces.map((t) => [t.messageId, t]));
  const tracesWithoutSend = [...byId.values()].filter((t) => !sentIds.has(t.messageId));
  return {
    sends: sends.length,
    keys: perKey.size,
    duplicates,
    sentTwice: duplicates.length,
    untracedSends,
    tracesWithoutSend,
    untraced: untracedSends.length + tracesWithoutSend.length,
  };
}
