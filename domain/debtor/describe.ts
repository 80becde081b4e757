import { localDateOf, localTimeOf } from '../time/calendar';
import { clampUtf8, DETAILS_TEXT_BYTES } from '../text/limits';
import { escapeMarkdown as md } from '../text/markdown';
import { formatMoney } from '../money/format';
import type { Policy } from '../policy/schema';
import { debtorTz } from './grouping';
import type { DebtorStep } from './plan';
import type { DebtorState } from './state';

/** The debtor run's current details (Markdown) in the Web UI: what matters first; the debtor id escaped (free text). */
export function describeDebtor(s: DebtorState, step: DebtorStep, policy: Policy): string {
  const open = Object.values(s.invoices).filter((i) => !i.closed);
  const total = open.reduce((t, i) => t + i.amountDueCents, 0);
  const currency = open[0]?.invoice.currency ?? 'EUR';
  const tz = debtorTz(s, policy);
  const when = (at: number) => `${localDateOf(at, tz)} ${localTimeOf(at, tz)} (${tz})`;
  const next =
    step.kind === 'wait' ? (step.until !== undefined ? `Next: ${step.reason} on ${when(step.until)}` : `Next: ${step.reason}`)
    : step.kind === 'close' ? 'Closing: no open invoice'
    : `Now: ${step.kind}`;
  const openCalls = s.callTasks.filter((t) => t.status === 'open').map((t) => (t.briefPath ? `${t.debtorTaskId} (brief: ${md(t.briefPath)})` : t.debtorTaskId));
  const text = [
    `**Debtor ${md(s.debtorId)}** · ${open.length} open invoice(s) · ${formatMoney(total, currency)} due`,
    next,
    `Invoices: ${open.map((i) => `${md(i.invoiceId)} (${i.stage}, ${formatMoney(i.amountDueCents, currency)} due)`).join(', ') || 'none open'}`,
    `Invoice runs: ${open.map((i) => md(i.workflowId)).join(', ') || 'none open'}`,
    `Calls: ${s.callAttempts} · open call tasks: ${openCalls.join(', ') || 'none'}`,
  ].join('\n\n');
  return clampUtf8(text, DETAILS_TEXT_BYTES);
}
