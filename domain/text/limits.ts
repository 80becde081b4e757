/**
 * Temporal's limits and the text rules every debtor-provided string obeys, in one place, so the
 * CLI's zod schemas (domain/invoice/schema.ts) and the workflow's plain-data twins (domain/wire/) refuse
 * the same input with the same words, and `dunning start --dry-run` says what the start would say.
 * Pure and workflow-safe: no TextEncoder, no Node built-ins.
 */

/** Temporal's server defaults (dynamic config), the ones our inputs can reach. */
export const TEMPORAL_LIMITS = {
  /** `limit.maxIDLength`: workflow ids. */
  workflowIdBytes: 1000,
  /** `limit.searchAttributeSize` applies per value: a Keyword over it fails the start or the upsert. */
  keywordBytes: 2048,
  /** `limit.searchAttributeTotalSize`: all of a run's search attributes together. */
  searchAttributesTotalBytes: 40 * 1024,
  /** `limit.blobSize.error`: one payload (the start input, the continue-as-new input). */
  payloadBytes: 2 * 1024 * 1024,
  /** `limit.blobSize.warn`. */
  payloadWarnBytes: 512 * 1024,
  /** `limit.userMetadataSummarySize`: the summary, counted as a serialized (maybe encrypted) payload. */
  summaryBytes: 400,
  /** `limit.userMetadataDetailsSize`: current details. */
  detailsBytes: 20_000,
} as const;

/**
 * One invoice as JSON, at most. The invoice travels in the start input, then twice in the
 * continue-as-new input (inside the carried state and again as the invoice), next to the state's
 * lists: 256 KB keeps the two copies at the 512 KB warning threshold, far from the 2 MB refusal.
 */
export const INVOICE_MAX_BYTES = 256 * 1024;
/** The static summary's text: the server's 400 bytes hold the JSON quotes and an encryption envelope too. */
export const SUMMARY_TEXT_BYTES = 200;
/** Current details: the same, under the server's 20 000 bytes. */
export const DETAILS_TEXT_BYTES = 16_000;

const WORKFLOW_PREFIXES = { invoice: 'dunning-', debtor: 'debtor-' } as const;
/** Longest invoice id and debtor id whose workflow id (`dunning-<id>`, `debtor-<id>`) Temporal accepts. */
export const MAX_INVOICE_ID_BYTES = TEMPORAL_LIMITS.workflowIdBytes - WORKFLOW_PREFIXES.invoice.length;
export const MAX_DEBTOR_ID_BYTES = TEMPORAL_LIMITS.workflowIdBytes - WORKFLOW_PREFIXES.debtor.length;

/** UTF-8 length of a string (what Temporal counts), without TextEncoder (workflow-safe). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 10 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${thousands(n)} bytes`;
}

/** Why a byte limit holds, said to the person who hit it. */
export type ByteLimitReason = 'keyword' | 'invoiceWorkflowId' | 'debtorWorkflowId';

export function byteLimitMessage(reason: ByteLimitReason, bytes: number): string {
  switch (reason) {
    case 'keyword':
      return `${formatBytes(bytes)} long; Temporal keeps at most ${thousands(TEMPORAL_LIMITS.keywordBytes)} bytes in a search attribute value`;
    case 'invoiceWorkflowId':
      return `${formatBytes(bytes)} long; the workflow id dunning-<invoice id> may be at most ${thousands(TEMPORAL_LIMITS.workflowIdBytes)} bytes, so at most ${MAX_INVOICE_ID_BYTES}`;
    case 'debtorWorkflowId':
      return `${formatBytes(bytes)} long; the debtor's workflow id debtor-<debtor id> may be at most ${thousands(TEMPORAL_LIMITS.workflowIdBytes)} bytes, so at most ${MAX_DEBTOR_ID_BYTES}`;
  }
}

export function invoiceSizeMessage(bytes: number): string {
  return `makes the invoice ${formatBytes(bytes)} as JSON; at most ${formatBytes(INVOICE_MAX_BYTES)} (the run carries it twice at continue-as-new, and Temporal refuses inputs over ${formatBytes(TEMPORAL_LIMITS.payloadBytes)})`;
}

/**
 * Characters refused in text fields: C0 and C1 controls (NUL, ESC and the terminal sequences they
 * start, DEL), line and paragraph separators, and the bidirectional overrides that make a text
 * read differently from what it holds. Multi-line fields (descriptions, notes) keep tab and newlines.
 */
const CONTROL_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const CONTROL_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** The first refused character of `s`, described ("U+001B at position 4"), or undefined. */
export function findControl(s: string, multiline = false): string | undefined {
  const m = (multiline ? CONTROL_TEXT : CONTROL_LINE).exec(s);
  if (!m) return undefined;
  return `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} at position ${m.index + 1}`;
}

export function controlMessage(where: string): string {
  return `contains a control character (${where}); remove it (a corrupt export or an attempt to hide text)`;
}

/** Cuts `s` to at most `max` UTF-8 bytes on a code-point boundary, with an ellipsis when cut. */
export function clampUtf8(s: string, max: number): string {
  if (utf8Length(s) <= max) return s;
  let out = '';
  let used = 0;
  for (const ch of s) {
    const n = utf8Length(ch);
    if (used + n > max - 3) break;
    out += ch;
    used += n;
  }
  return `${out}…`;
}

/** Path of the longest text in a value (where an oversized invoice is blamed). */
export function largestText(value: unknown): string[] {
  let best: { path: string[]; length: number } = { path: [], length: -1 };
  const visit = (v: unknown, path: string[]) => {
    if (typeof v === 'string') {
      if (v.length > best.length) best = { path, length: v.length };
    } else if (Array.isArray(v)) v.forEach((x, i) => visit(x, [...path, String(i)]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, [...path, k]);
  };
  visit(value, []);
  return best.path;
}
