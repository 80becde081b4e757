/**
 * The activities the dunning workflow proxies (plain async functions, created once per worker
 * with their dependencies).
 */
import { resolve } from 'node:path';
import { loadCreditorProfile, type CreditorProfile } from '../config/creditor';
import { documentRulesFromEnv, type DocumentRules } from '../config/documents';
import { createCallBriefWriter, createDebtorCallBriefWriter } from './brief';
import { withHeartbeat } from './heartbeat';
import { syncWithDebtor } from './debtor';
import { createAccountHoldNotifier, type AccountHoldWebhookConfig } from './account-hold';
import { createEmailSender } from './email';
import { createSmsSender, defaultSender } from './sms';
import type { BrevoSmsConfig } from './sms-brevo';
import { createFieldDocuments } from './field';
import type { SendGridConfig } from './email-sendgrid';
import { createLetterSender } from './letters';
import { createLitigationHandoff, createWebhookLitigationAdapter, type LitigationAdapter } from './litigation';
import type { PostalAdapter } from './postal';
import { createFileSentLog, type SentLog } from './sent-log';
import type { DunningActivities } from './types';

export interface ActivityDeps {
  outboxDir: string;
  creditor: CreditorProfile;
  /** Where invoice PDFs are read from (DUNNING_DOCUMENTS_DIR); without it none is attached. */
  documents?: DocumentRules;
  /** Without it, emails are written to <outbox>/emails/. */
  sendgrid?: SendGridConfig;
  postal?: PostalAdapter;
  /** Defaults to the file sent-log under the outbox. */
  sentLog?: SentLog;
  /** Delivers the litigation file; defaults to filing it in <outbox>/litigation/. */
  litigation?: LitigationAdapter;
  /** Without it, SMS are written to <outbox>/sms/. */
  brevo?: BrevoSmsConfig;
  /** Without it, account holds are written to <outbox>/account-holds/. */
  accountHold?: AccountHoldWebhookConfig;
}

export function createActivities(deps: ActivityDeps): DunningActivities {
  const sentLog = deps.sentLog ?? createFileSentLog(deps.outboxDir);
  const field = createFieldDocuments(deps.outboxDir, deps.creditor);
  // Every activity heartbeats: a worker killed mid-activity is noticed within the heartbeat timeout.
  return {
    syncWithDebtor: withHeartbeat(syncWithDebtor),
    prepareCallBrief: withHeartbeat(createCallBriefWriter(deps.outboxDir, deps.creditor)),
    prepareDebtorCallBrief: withHeartbeat(createDebtorCallBriefWriter(deps.outboxDir, deps.creditor)),
    sendEmail: withHeartbeat(createEmailSender({ outboxDir: deps.outboxDir, sentLog, creditor: deps.creditor, documents: deps.documents, sendgrid: deps.sendgrid })),
    sendLetter: withHeartbeat(createLetterSender({ outboxDir: deps.outboxDir, sentLog, creditor: deps.creditor, postal: deps.postal })),
    sendSms: withHeartbeat(createSmsSender({ outboxDir: deps.outboxDir, sentLog, creditor: deps.creditor, brevo: deps.brevo })),
    notifyAccountHold: withHeartbeat(createAccountHoldNotifier({ outboxDir: deps.outboxDir, webhook: deps.accountHold })),
    handOffToLitigation: withHeartbeat(createLitigationHandoff({ outboxDir: deps.outboxDir, creditor: deps.creditor, adapter: deps.litigation })),
    prepareVisitBrief: withHeartbeat(field.prepareVisitBrief),
    prepareApprovalDraft: withHeartbeat(field.prepareApprovalDraft),
    remindApprover: withHeartbeat(field.remindApprover),
  };
}

/** A positive integer from the environment, else undefined (the component's default). */
function envMs(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a number of milliseconds, got "${raw}"`);
  return n;
}

/**
 * DUNNING_OUTBOX_DIR, DUNNING_DOCUMENTS_DIR (+ DUNNING_DOCUMENT_MAX_BYTES), SENDGRID_API_KEY, SENDGRID_FROM, SENDGRID_BASE_URL, DUNNING_CREDITOR_FILE,
 * DUNNING_LITIGATION_WEBHOOK (+ DUNNING_LITIGATION_WEBHOOK_TOKEN), BREVO_API_KEY (+ BREVO_SMS_SENDER, BREVO_BASE_URL),
 * DUNNING_ACCOUNT_HOLD_WEBHOOK (+ DUNNING_ACCOUNT_HOLD_SECRET).
 * Uncertain sends (docs/sends.md): SENDGRID_ACTIVITY_LOOKUP=1 reconciles them through SendGrid's
 * Email Activity API (SENDGRID_ACTIVITY_SETTLE_MS, default 60000); DUNNING_SEND_LOCK_STALE_MS
 * (default 20000) and DUNNING_SEND_LOCK_WAIT_MS (default 10000) tune the per-key send lock.
 */
export function activitiesFromEnv(env: NodeJS.ProcessEnv = process.env): DunningActivities {
  const creditor = loadCreditorProfile(env.DUNNING_CREDITOR_FILE || undefined);
  const apiKey = env.SENDGRID_API_KEY;
  const settle = envMs(env, 'SENDGRID_ACTIVITY_SETTLE_MS');
  const sendgrid: SendGridConfig | undefined = apiKey
    ? {
        apiKey,
        from: env.SENDGRID_FROM || `${creditor.companyName} <${creditor.email}>`,
        baseUrl: env.SENDGRID_BASE_URL || undefined,
        ...(env.SENDGRID_ACTIVITY_LOOKUP === '1' ? { activityLookup: true } : {}),
        ...(settle !== undefined ? { activitySettleMs: settle } : {}),
      }
    : undefined;
  const webhook = env.DUNNING_LITIGATION_WEBHOOK;
  const litigation = webhook ? createWebhookLitigationAdapter({ url: webhook, token: env.DUNNING_LITIGATION_WEBHOOK_TOKEN || undefined }) : undefined;
  const outboxDir = resolve(env.DUNNING_OUTBOX_DIR || './outbox');
  const sentLog = createFileSentLog(outboxDir, { lockStaleMs: envMs(env, 'DUNNING_SEND_LOCK_STALE_MS'), lockWaitMs: envMs(env, 'DUNNING_SEND_LOCK_WAIT_MS') });
  const brevo: BrevoSmsConfig | undefined = env.BREVO_API_KEY
    ? { apiKey: env.BREVO_API_KEY, sender: env.BREVO_SMS_SENDER || defaultSender(creditor.companyName), baseUrl: env.BREVO_BASE_URL || undefined }
    : undefined;
  const holdUrl = env.DUNNING_ACCOUNT_HOLD_WEBHOOK;
  const accountHold = holdUrl ? { url: holdUrl, secret: env.DUNNING_ACCOUNT_HOLD_SECRET || undefined } : undefined;
  return createActivities({ outboxDir, creditor, documents: documentRulesFromEnv(env), sendgrid, litigation, sentLog, brevo, accountHold });
}

export type { DunningActivities } from './types';
