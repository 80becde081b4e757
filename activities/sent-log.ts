/**
 * Idempotency of sends (domain.md §9: "never send a reminder twice"; issue #11: "at most one per
 * key, and the uncertain case handled on purpose").
 *
 * One JSON file per key under <outbox>/sent-log/, named by the key's SHA-256, holding the key's
 * state (docs/sends.md):
 *   - intent:    written durably BEFORE the provider is called {payloadHash, startedAt, attempt, provider};
 *   - sent:      the receipt, written after the provider answered;
 *   - failed:    the provider refused the message (it answered with an error): nothing was sent;
 *   - uncertain: an intent without receipt that could not be reconciled, reviewed once and marked,
 *                so every later attempt answers the same way instead of sending again.
 * Each state replaces the previous one atomically (temp file, fsync, rename, fsync of the folder).
 * A file that cannot be read back (torn, edited by hand) counts as an intent: uncertain.
 *
 * `<sha>.lock` beside it is held for the duration of one send, so that a zombie attempt and its
 * retry cannot both call the provider (see createFileSentLog).
 */
import { createHash, randomBytes } from 'node:crypto';
import { link, open, readFile, rename, stat, unlink, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import type { SendReceipt } from '../domain/wire/vocabulary';
import { ensureDir, writeFileAtomic } from './files';

export function sha256Hex(s: string | Uint8Array): string {
  return createHash('sha256').update(s).digest('hex');
}

/** Deterministic message id: the same key always yields the same id, across retries and workers. */
export function messageIdFor(idempotencyKey: string): string {
  return `dun-${sha256Hex(idempotencyKey).slice(0, 24)}`;
}

/** Retryable: another attempt of the same key holds the send lock (it is calling the provider). */
export const SEND_IN_PROGRESS = 'SendInProgress';
/** Retryable: the provider's lookup cannot answer yet (its activity data lags behind the send). */
export const SEND_RECONCILING = 'SendReconciling';

/** What an attempt wrote before calling the provider. */
export interface SendIntent {
  /** SHA-256 of what was about to be sent (rendered email, or letter PDF + recipient). */
  payloadHash: string;
  /** ISO time of the first attempt that called the provider for this key. */
  startedAt: string;
  /** ISO time of the latest attempt that called it. */
  lastStartedAt: string;
  /** How many attempts called (or were about to call) the provider: 1, then 2 after a resend. */
  attempt: number;
  provider: string;
  channel: 'email' | 'letter' | 'sms';
  /** The copy's path when known before the call (letter PDF, outbox .eml). */
  path?: string;
}

export type Uncertainty = NonNullable<SendReceipt['uncertain']>;

export type SentLogEntry =
  | { state: 'sent'; receipt: SendReceipt; intent?: SendIntent }
  | { state: 'intent'; intent: SendIntent }
  | { state: 'failed'; intent: SendIntent; failure: string }
  | { state: 'uncertain'; intent?: SendIntent; uncertain: Uncertainty }
  /** Torn or corrupt file: treated as an intent without receipt. `since` is the file's mtime. */
  | { state: 'unreadable'; since: string; detail: string };

export interface SendLock {
  /** False once another attempt broke the lock as stale: the holder must not call the provider. */
  stillHeld(): Promise<boolean>;
  release(): Promise<void>;
}

export interface SentLog {
  /** The receipt, if the key was sent (any other state: undefined). */
  get(idempotencyKey: string): Promise<SendReceipt | undefined>;
  read(idempotencyKey: string): Promise<SentLogEntry | undefined>;
  recordIntent(idempotencyKey: string, intent: SendIntent): Promise<void>;
  recordFailure(idempotencyKey: string, intent: SendIntent, failure: string): Promise<void>;
  record(idempotencyKey: string, receipt: SendReceipt, intent?: SendIntent): Promise<void>;
  markUncertain(idempotencyKey: string, uncertain: Uncertainty, intent?: SendIntent): Promise<void>;
  /** Waits for the key's send lock; throws a retryable SendInProgress if it stays held. */
  lock(idempotencyKey: string): Promise<SendLock>;
}

const ReceiptSchema = z.object({
  messageId: z.string(),
  channel: z.enum(['email', 'letter', 'sms']),
  duplicate: z.boolean(),
  path: z.string().optional(),
  trackingNumber: z.string().optional(),
  provider: z.string(),
  providerMessageId: z.string().optional(),
});
const IntentSchema = z.object({
  payloadHash: z.string(),
  startedAt: z.string(),
  lastStartedAt: z.string(),
  attempt: z.number().int().positive(),
  provider: z.string(),
  channel: z.enum(['email', 'letter', 'sms']),
  path: z.string().optional(),
});
const UncertainSchema = z.object({ since: z.string(), reason: z.string() });
const EntrySchema = z.union([
  z.object({ idempotencyKey: z.string(), state: z.literal('intent'), intent: IntentSchema }),
  z.object({ idempotencyKey: z.string(), state: z.literal('failed'), intent: IntentSchema, failure: z.string() }),
  z.object({ idempotencyKey: z.string(), state: z.literal('uncertain'), intent: IntentSchema.optional(), uncertain: UncertainSchema }),
  // Receipts written before intents existed have no `state`.
  z.object({ idempotencyKey: z.string(), state: z.literal('sent').optional(), receipt: ReceiptSchema, intent: IntentSchema.optional() }),
]);

export interface FileSentLogOptions {
  /**
   * A lock whose file was not refreshed for this long is stale: its holder died (or is frozen that
   * long) and the next attempt takes over. The holder refreshes it every third of this while it
   * sends, so a slow provider never makes a live lock stale. Default 20 s: activities heartbeat every
   * 2 s (activities/heartbeat.ts), so a dead holder is already known to the server by then.
   */
  lockStaleMs?: number;
  /** How long an attempt waits for a held lock before failing with a retryable SendInProgress. Default 10 s. */
  lockWaitMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const errCode = (err: unknown) => (err as NodeJS.ErrnoException).code;

export function createFileSentLog(outboxDir: string, options: FileSentLogOptions = {}): SentLog {
  const dir = join(outboxDir, 'sent-log');
  const fileFor = (key: string) => join(dir, `${sha256Hex(key)}.json`);
  const lockFor = (key: string) => join(dir, `${sha256Hex(key)}.lock`);
  const staleMs = options.lockStaleMs ?? 20_000;
  const waitMs = options.lockWaitMs ?? 10_000;

  const write = (key: string, entry: Record<string, unknown>) =>
    writeFileAtomic(fileFor(key), `${JSON.stringify({ idempotencyKey: key, ...entry, writtenAt: new Date().toISOString() }, null, 2)}\n`);

  async function read(key: string): Promise<SentLogEntry | undefined> {
    const path = fileFor(key);
    let raw: string;
    try {
      raw = await readFile(path, 'utf8');
    } catch (err) {
      if (errCode(err) === 'ENOENT') return undefined;
      throw err;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (err) {
      return unreadable(path, `not JSON: ${(err as Error).message}`);
    }
    const parsed = EntrySchema.safeParse(json);
    if (!parsed.success) return unreadable(path, `unexpected content: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const entry = parsed.data;
    if (entry.idempotencyKey !== key) throw new Error(`sent-log: ${path} holds another key (${entry.idempotencyKey})`);
    if ('receipt' in entry) return { state: 'sent', receipt: entry.receipt, ...(entry.intent ? { intent: entry.intent } : {}) };
    if (entry.state === 'uncertain') return { state: 'uncertain', uncertain: entry.uncertain, ...(entry.intent ? { intent: entry.intent } : {}) };
    if (entry.state === 'failed') return { state: 'failed', intent: entry.intent, failure: entry.failure };
    return { state: 'intent', intent: entry.intent };
  }

  async function unreadable(path: string, detail: string): Promise<SentLogEntry> {
    const since = await stat(path).then(
      (s) => s.mtime.toISOString(),
      () => new Date().toISOString(),
    );
    return { state: 'unreadable', since, detail };
  }

  /**
   * The send lock: `<sha>.lock`, created exclusively (O_EXCL), holding a random token.
   *
   * When the holder dies, its lock file stays behind: attempts that find it wait (up to lockWaitMs),
   * then fail with a retryable SendInProgress; once the file is older than lockStaleMs (the holder
   * stopped refreshing it) the next attempt moves it aside and takes the lock. It then finds the
   * dead holder's intent without receipt, so the key goes through reconciliation / review, never
   * blindly sent again. A holder that was only frozen (not dead) past lockStaleMs checks
   * stillHeld() right before calling the provider and gives up. The remaining overlap (two stale
   * breakers racing within microseconds) is covered by that intent: the second one sees it.
   */
  async function lock(key: string): Promise<SendLock> {
    const path = lockFor(key);
    const token = `${hostname()}:${process.pid}:${randomBytes(8).toString('hex')}`;
    const content = `${JSON.stringify({ idempotencyKey: key, token, acquiredAt: new Date().toISOString() })}\n`;
    await ensureDir(dir);
    const deadline = Date.now() + waitMs;
    for (;;) {
      try {
        const handle = await open(path, 'wx');
        try {
          await handle.writeFile(content);
        } finally {
          await handle.close();
        }
        break;
      } catch (err) {
        if (errCode(err) !== 'EEXIST') throw err;
      }
      const held = await stat(path).catch((err: unknown) => {
        if (errCode(err) === 'ENOENT') return undefined; // released meanwhile: try again
        throw err;
      });
      if (!held) continue;
      if (Date.now() - held.mtimeMs > staleMs) {
        await breakStale(path);
        continue;
      }
      if (Date.now() >= deadline) {
        throw ApplicationFailure.create({
          message: `another attempt of ${key} is sending it (lock held since ${held.mtime.toISOString()})`,
          type: SEND_IN_PROGRESS,
          nonRetryable: false,
          nextRetryDelay: Math.min(staleMs, 30_000),
        });
      }
      await sleep(Math.min(25, Math.max(1, deadline - Date.now())));
    }

    const refresh = setInterval(() => {
      const now = new Date();
      utimes(path, now, now).catch(() => undefined);
    }, Math.max(10, Math.floor(staleMs / 3)));
    refresh.unref();
    const mine = async () => (await readFile(path, 'utf8').catch(() => '')) === content;
    return {
      stillHeld: mine,
      async release() {
        clearInterval(refresh);
        if (await mine()) await unlink(path).catch(() => undefined);
      },
    };
  }

  /** Moves a stale lock aside; if what was moved turns out to be a fresh lock (a race), puts it back. */
  async function breakStale(path: string): Promise<void> {
    const aside = `${path}.stale-${randomBytes(4).toString('hex')}`;
    try {
      await rename(path, aside);
    } catch (err) {
      if (errCode(err) === 'ENOENT') return;
      throw err;
    }
    const moved = await stat(aside);
    if (Date.now() - moved.mtimeMs <= staleMs) {
      // Someone took the lock between our check and the rename: give it back (exclusively: if a
      // third attempt took the free name meanwhile, the fresh holder's stillHeld() turns false and
      // it does not call the provider).
      await link(aside, path).catch(() => undefined);
    }
    await unlink(aside).catch(() => undefined);
  }

  return {
    read,
    async get(key) {
      const entry = await read(key);
      return entry?.state === 'sent' ? entry.receipt : undefined;
    },
    recordIntent: (key, intent) => write(key, { state: 'intent', intent }),
    recordFailure: (key, intent, failure) => write(key, { state: 'failed', intent, failure }),
    record: (key, receipt, intent) => write(key, { state: 'sent', recordedAt: new Date().toISOString(), receipt: { ...receipt, duplicate: false }, ...(intent ? { intent } : {}) }),
    markUncertain: (key, uncertain, intent) => write(key, { state: 'uncertain', uncertain, ...(intent ? { intent } : {}) }),
    lock,
  };
}

/** What a provider can say about a previous attempt of a key. */
export type Reconciliation =
  /** It has the message: the previous attempt sent it. */
  | { outcome: 'sent'; providerMessageId?: string; path?: string; trackingNumber?: string }
  /** It has no such message: the previous attempt did not reach it. */
  | { outcome: 'not_sent' }
  /** It cannot tell now but will later (e.g. its activity data lags): retry after the delay. */
  | { outcome: 'retry_later'; retryAfterMs: number; reason: string }
  /** It cannot tell (no lookup, lookup failed). */
  | { outcome: 'unknown'; reason: string };

/** The attempt a reconciliation asks about. */
export interface PreviousAttempt {
  /** Absent when the sent-log entry was unreadable. */
  intent?: SendIntent;
  /** When it called the provider (its intent's lastStartedAt, else the unreadable file's mtime). */
  calledAt: string;
}

export interface PreparedSend {
  /** SHA-256 of what this attempt would send. */
  payloadHash: string;
  /** The copy's path, when known before the call. */
  path?: string;
  /** Calls the provider and returns the receipt (duplicate: false). Gets the intent just recorded. */
  send(intent: SendIntent): Promise<SendReceipt>;
}

export interface SendOnceOptions {
  sentLog: SentLog;
  idempotencyKey: string;
  channel: 'email' | 'letter' | 'sms';
  /** Provider name, as in receipts ('sendgrid', 'outbox', 'filing'...). */
  provider: string;
  /** What to do with an intent that cannot be reconciled. Default 'review'. */
  onUncertain?: 'review' | 'resend';
  /** Validates and renders; only called when the log does not already answer. */
  prepare(): Promise<PreparedSend>;
  /** Asks the provider about a previous attempt. Absent: no lookup, every uncertain case is unknown. */
  reconcile?(previous: PreviousAttempt): Promise<Reconciliation>;
  /**
   * True when the error proves the provider did not take the message (it answered with a refusal,
   * or the connection never opened): the intent becomes `failed` and a retry sends normally.
   * Any other error (timeout, connection reset, crash) leaves the intent: the retry is uncertain.
   */
  failedBeforeSending?(err: unknown): boolean;
}

const PROVIDER_NAMES: Record<string, string> = { sendgrid: 'SendGrid', outbox: 'the local outbox', filing: 'the postal filing' };
const providerName = (p: string) => PROVIDER_NAMES[p] ?? p;

/**
 * At most one send per key. Receipt in the log: returned with duplicate: true. Intent without
 * receipt (a previous attempt died after or while calling the provider): reconciled through the
 * provider when it can tell; otherwise, by policy, marked uncertain for review (default; nothing
 * sent, a receipt with `uncertain`) or sent again. Otherwise: lock, intent, provider, receipt.
 */
export async function sendOnce(opts: SendOnceOptions): Promise<SendReceipt> {
  const { sentLog, idempotencyKey: key, channel, provider } = opts;
  const policy = opts.onUncertain ?? 'review';
  const messageId = messageIdFor(key);
  const uncertainReceipt = (uncertain: Uncertainty, path?: string): SendReceipt => ({
    messageId,
    channel,
    duplicate: false,
    provider,
    ...(path ? { path } : {}),
    uncertain,
  });

  const early = await sentLog.read(key);
  if (early?.state === 'sent') return { ...early.receipt, duplicate: true };
  if (early?.state === 'uncertain' && policy === 'review') return uncertainReceipt(early.uncertain, early.intent?.path);

  // Rendering can fail on a retry (an attachment gone, a template edited). If an earlier attempt may
  // have sent the message, that failure must not hide it: decide the uncertain case first.
  const mayHaveSent = early !== undefined && early.state !== 'failed';
  let prepared: PreparedSend | undefined;
  let prepareError: unknown;
  try {
    prepared = await opts.prepare();
  } catch (err) {
    if (!mayHaveSent) throw err;
    prepareError = err;
  }
  const lock = await sentLog.lock(key);
  try {
    // The state may have moved while we rendered or waited for the lock.
    const entry = await sentLog.read(key);
    if (entry?.state === 'sent') return { ...entry.receipt, duplicate: true };
    if (entry?.state === 'uncertain' && policy === 'review') return uncertainReceipt(entry.uncertain, entry.intent?.path);

    const previous = entry && entry.state !== 'unreadable' ? entry.intent : undefined;
    if (entry && entry.state !== 'failed') {
      // An attempt called the provider and left no receipt: did the message go?
      const calledAt = entry.state === 'unreadable' ? entry.since : (previous?.lastStartedAt ?? new Date().toISOString());
      const found = opts.reconcile ? await opts.reconcile({ ...(previous ? { intent: previous } : {}), calledAt }).catch((err: unknown): Reconciliation => ({ outcome: 'unknown', reason: `the lookup failed: ${(err as Error).message}` })) : undefined;
      if (found?.outcome === 'sent') {
        const receipt: SendReceipt = {
          messageId,
          channel,
          duplicate: false,
          provider,
          ...((found.path ?? previous?.path) ? { path: found.path ?? previous?.path } : {}),
          ...(found.trackingNumber ? { trackingNumber: found.trackingNumber } : {}),
          ...(found.providerMessageId ? { providerMessageId: found.providerMessageId } : {}),
        };
        await sentLog.record(key, receipt, previous);
        return { ...receipt, duplicate: true };
      }
      if (found?.outcome === 'retry_later') {
        throw ApplicationFailure.create({ message: `${key}: ${found.reason}`, type: SEND_RECONCILING, nonRetryable: false, nextRetryDelay: found.retryAfterMs });
      }
      if (found?.outcome !== 'not_sent' && policy !== 'resend') {
        const uncertain = describeUncertain(entry, provider, prepared ? { payloadHash: prepared.payloadHash } : { error: prepareError }, found);
        await sentLog.markUncertain(key, uncertain, previous);
        return uncertainReceipt(uncertain, previous?.path);
      }
      // not_sent, or policy 'resend': send (again).
    }
    if (!prepared) throw prepareError;

    const now = new Date().toISOString();
    const intent: SendIntent = {
      payloadHash: prepared.payloadHash,
      startedAt: previous?.startedAt ?? now,
      lastStartedAt: now,
      attempt: (previous?.attempt ?? 0) + 1,
      provider,
      channel,
      ...(prepared.path ? { path: prepared.path } : {}),
    };
    if (!(await lock.stillHeld())) throw lostLock(key);
    await sentLog.recordIntent(key, intent);
    // A holder frozen past the stale timeout lost the lock to its retry: it must not send.
    if (!(await lock.stillHeld())) throw lostLock(key);
    let receipt: SendReceipt;
    try {
      receipt = await prepared.send(intent);
    } catch (err) {
      if (opts.failedBeforeSending?.(err)) await sentLog.recordFailure(key, intent, (err as Error).message ?? String(err));
      throw err;
    }
    await sentLog.record(key, receipt, intent);
    return receipt;
  } finally {
    await lock.release();
  }
}

const lostLock = (key: string) =>
  ApplicationFailure.create({ message: `${key}: the send lock was taken over as stale; not sending`, type: SEND_IN_PROGRESS, nonRetryable: false });

function describeUncertain(
  entry: Exclude<SentLogEntry, { state: 'sent' | 'failed' }>,
  provider: string,
  now: { payloadHash: string } | { error: unknown },
  found: Reconciliation | undefined,
): Uncertainty {
  const who = providerName(provider);
  const parts: string[] = [];
  let since: string;
  if (entry.state === 'unreadable') {
    since = entry.since;
    parts.push(`the sent-log entry of this key is unreadable (${entry.detail}), so a previous attempt may have called ${who}`);
  } else if (entry.intent) {
    since = entry.intent.startedAt;
    const n = entry.intent.attempt;
    parts.push(`a previous attempt${n > 1 ? ` (call #${n}, ${entry.intent.lastStartedAt})` : ''} called ${who} and died before recording its answer`);
    if ('payloadHash' in now && entry.intent.payloadHash !== now.payloadHash) {
      parts.push(`the message changed since (payload sha256 ${entry.intent.payloadHash.slice(0, 12)} then, ${now.payloadHash.slice(0, 12)} now)`);
    }
  } else {
    since = new Date().toISOString();
    parts.push(`a previous attempt may have called ${who}`);
  }
  if ('error' in now) parts.push(`this attempt could not compose the message (${(now.error as Error)?.message ?? String(now.error)})`);
  parts.push(!found ? `${who} offers no lookup here` : found.outcome === 'unknown' ? found.reason : `lookup: ${found.outcome}`);
  parts.push('not resent (policy: review)');
  return { since, reason: parts.join('; ') };
}
