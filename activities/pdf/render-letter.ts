/** Renders a letter request to PDF bytes: the template, then the layout its id calls for. */
import type { CreditorProfile } from '../../config/creditor';
import { loadLabels } from '../../templates/labels';
import { renderTemplate, templateVars, type RenderedMessage } from '../../templates/render';
import type { LetterRequest } from '../types';
import type { PostalRecipient } from './address';
import { createPdf, finishPdf } from './document';
import { drawFormalNotice } from './formal-notice';
import type { LetterContext } from './frame';
import { drawFooters } from './letterhead';
import { drawStandardLetter } from './standard-letter';
import { drawDraftMark } from './draft-mark';

export async function renderLetterPdf(
  req: LetterRequest,
  creditor: CreditorProfile,
  recipient: PostalRecipient,
  /** An approver's draft (docs/field.md): marked as such on every page. */
  opts: { draft?: boolean } = {},
): Promise<{ pdf: Buffer; message: RenderedMessage }> {
  const labels = loadLabels(req.language);
  const vars = templateVars(req, creditor, { channel: 'letter' });
  const message = renderTemplate(req.template, req.language, vars, { tone: req.tone });
  // A letter covering several invoices (facts.invoices) names them all; the lead invoice gives the rest.
  const invoiceIds = vars.merged ? (req.facts.invoices ?? []).map((l) => l.invoiceId) : [req.invoice.invoiceId];
  const ctx: LetterContext = {
    creditor,
    labels,
    lang: req.language,
    recipient,
    date: req.facts.today,
    invoiceId: req.invoice.invoiceId,
    ...(vars.merged ? { invoiceList: String(vars.invoiceList) } : {}),
    debtorSiren: req.invoice.debtor.siren,
  };
  const doc = createPdf({
    title: message.subject,
    author: creditor.companyName,
    subject: req.template,
    keywords: `${invoiceIds.join(' ')} ${req.stepId}`,
    date: req.facts.today,
  });
  if (req.template === 'formal_notice') drawFormalNotice(doc, ctx, message, req.registered);
  else drawStandardLetter(doc, ctx, message, req.registered);
  drawFooters(doc, creditor, labels);
  if (opts.draft) drawDraftMark(doc);
  return { pdf: await finishPdf(doc), message };
}
