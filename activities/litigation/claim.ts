/**
 * What is claimed at the handoff (domain.md §8): principal still due, late-payment penalties accrued
 * to the handoff date half-year by half-year (a consumer: legal interest from the formal notice), the fixed EUR 40 indemnity for professional debtors.
 * The workflow computed the figures (domain/views/handoff.ts); this only lays them out.
 */
import { addDays } from '../../domain/time/calendar';
import type { ClaimFigures } from '../../domain/views/handoff';
import type { DunningView as LitigationView } from '../../domain/views/read-model';
import type { InterestFacts } from '../../domain/wire/vocabulary';

export interface Claim {
  currency: string;
  /** The invoice as issued. */
  invoiceAmountCents: number;
  paidCents: number;
  creditedCents: number;
  /** Waived by an approved settlement. */
  waivedCents: number;
  /** Written off when a legal step was approved for a lower amount (docs/field.md). */
  writtenOffCents: number;
  /** Principal still due. */
  amountDueCents: number;
  /** Still due: accrued less what partial payments already paid of it (C. civ. 1343-1). */
  penaltiesCents: number;
  penaltyRatePct: number;
  /** Period by period (half-year rates, L441-10 II; consumers: legal interest from the notice); absent from older runs' facts. */
  interest?: InterestFacts;
  /** Penalties run from the day after the due date to the handoff date, both included. */
  penaltiesFrom: string;
  penaltiesTo: string;
  indemnityCents: number;
  totalCents: number;
}

export function computeClaim(view: LitigationView, f: ClaimFigures): Claim {
  return {
    currency: view.invoice.currency,
    invoiceAmountCents: view.invoice.amountCents,
    paidCents: f.paidCents,
    creditedCents: view.creditedCents ?? 0,
    waivedCents: view.settlement?.waivedCents ?? 0,
    writtenOffCents: (view.approvals ?? []).reduce((t, a) => t + (a.writtenOffCents ?? 0), 0),
    amountDueCents: f.amountDueCents,
    penaltiesCents: f.penaltiesCents,
    penaltyRatePct: f.penaltyRatePct,
    interest: f.interest,
    penaltiesFrom: f.interest?.periods[0]?.from ?? addDays(view.invoice.dueDate, 1),
    penaltiesTo: f.today,
    indemnityCents: f.indemnityCents,
    totalCents: f.amountDueCents + f.penaltiesCents + f.indemnityCents,
  };
}
