/**
 * SMS texts (templates/<lang>/sms/<id>.txt): one line, no subject, no markup. The fixed words are
 * GSM-7 (test/channels/sms-templates.test.ts); every value is clipped and made GSM-7 (domain/text/sms.ts),
 * so no debtor data can switch the message to UCS-2 or stretch it past the policy's segments.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CreditorProfile } from '../config/creditor';
import { formatDate, formatMoney } from '../domain/money/format';
import { SMS_TEMPLATE_IDS } from '../domain/policy/rules';
import { clip, smsLength, toGsm7, type SmsLength } from '../domain/text/sms';
import type { Invoice } from '../domain/invoice/schema';
import type { Language, MessageFacts } from '../domain/wire/vocabulary';
import { renderLine, TemplateError } from './engine';
import { templatesDir } from './files';

/** Longest value of each kind in an SMS (characters): the whole text then fits in two GSM-7 segments. */
export const SMS_CLIP = { creditor: 24, invoiceId: 24, phone: 20 } as const;

export interface SmsInput {
  template: string;
  language: Language;
  invoice: Invoice;
  facts: MessageFacts;
}

export interface RenderedSms extends SmsLength {
  text: string;
}

export function smsVars(req: SmsInput, creditor: CreditorProfile): Record<string, string | boolean> {
  const lang = req.language;
  const merged = (req.facts.invoices?.length ?? 0) > 1;
  const safe = (v: string, max: number) => toGsm7(clip(v.trim(), max));
  return {
    creditor: safe(creditor.companyName, SMS_CLIP.creditor),
    merged,
    // An SMS never calls an invoice "still unpaid" before its due date (a policy may plan one then).
    overdue: merged ? req.facts.invoices!.every((l) => l.daysPastDue > 0) : req.invoice.dueDate < req.facts.today,
    invoiceCount: String(req.facts.invoices?.length ?? 1),
    invoiceId: safe(req.invoice.invoiceId, SMS_CLIP.invoiceId),
    dueDate: toGsm7(formatDate(req.invoice.dueDate, lang)),
    amountDue: toGsm7(formatMoney(req.facts.amountDueCents, req.invoice.currency, lang)),
    phone: safe(creditor.collector.phone ?? creditor.phone, SMS_CLIP.phone),
  };
}

export function renderSms(req: SmsInput, creditor: CreditorProfile): RenderedSms {
  const where = `${req.language}/sms/${req.template}`;
  if (!(SMS_TEMPLATE_IDS as readonly string[]).includes(req.template)) throw new TemplateError(where, 'unknown SMS template id');
  const path = join(templatesDir(), req.language, 'sms', `${req.template}.txt`);
  if (!existsSync(path)) throw new TemplateError(where, `no file at ${path}`);
  const text = renderLine(readFileSync(path, 'utf8'), smsVars(req, creditor), where);
  return { text, ...smsLength(text) };
}
