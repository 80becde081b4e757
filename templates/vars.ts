/**
 * Builds the template variables from a send request: every amount and date already formatted
 * in the debtor's language, flags for the optional parts, and the tables.
 * Facts that a step does not carry (promise, plan, notice deadline) are left undefined on
 * purpose, so a template that needs them fails loudly instead of printing a blank.
 */
import { formatIban, formatSiren, type CreditorProfile } from '../config/creditor';
import type { Contact, Invoice } from '../domain/invoice/schema';
import { formatDate, formatLongDate, formatMoney, formatPercent } from '../domain/money/format';
import type { AgreementFacts, InterestFacts, InvoiceLine, Language, MessageFacts, TemplateId } from '../domain/wire/vocabulary';
import { TemplateError, type TableBlock, type TemplateVars } from './engine';
import { fillLabel, loadLabels, type Labels } from './labels';
import { interestRows } from './claim-rows';

/** What a message is about: the invoice, who it is for, the facts of the day, the language. */
export interface VarsInput {
  invoice: Invoice;
  to: Contact;
  facts: MessageFacts;
  language: Language;
}

export interface VarsContext {
  channel?: 'email' | 'letter';
  /** The invoice PDF is attached to this email. */
  invoiceAttached?: boolean;
  /** A copy of the letter sent by post is attached to this email. */
  letterAttached?: boolean;
  /** The document asked for (document_resend) is attached. */
  documentAttached?: boolean;
}

function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** "a, b et c" / "a, b and c" */
function joinList(items: string[], lang: 'fr' | 'en'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${lang === 'fr' ? 'et' : 'and'} ${items[items.length - 1]}`;
}

/** Subjects name at most this many invoices, then "et N autres" / "and N more". */
const SHORT_LIST_MAX = 4;
const SHORT_LIST_HEAD = 3;

/**
 * The invoices one message covers (domain.md §9), or undefined for an ordinary one-invoice message.
 * The facts' amounts are then totals over these lines: a mismatch would print a table whose rows
 * do not add up to the sum claimed, so it fails loudly like a missing variable.
 */
export function mergedLines(facts: MessageFacts, where = 'vars'): InvoiceLine[] | undefined {
  const lines = facts.invoices;
  if (!lines || lines.length < 2) return undefined;
  const sum = (pick: (l: InvoiceLine) => number) => lines.reduce((s, l) => s + pick(l), 0);
  const checks: Array<[string, number, number]> = [
    ['amountDueCents', sum((l) => l.amountDueCents), facts.amountDueCents],
    ['paidCents', sum((l) => l.paidCents), facts.paidCents],
    ['penaltiesCents', sum((l) => l.penaltiesCents), facts.penaltiesCents],
    ['indemnityCents', sum((l) => l.indemnityCents), facts.indemnityCents],
  ];
  for (const [name, lineSum, total] of checks) {
    if (lineSum !== total) throw new TemplateError(where, `facts.${name} (${total}) is not the total of facts.invoices (${lineSum})`);
  }
  const ids = new Set(lines.map((l) => l.invoiceId));
  if (ids.size !== lines.length) throw new TemplateError(where, 'facts.invoices lists an invoice twice');
  return lines;
}

/** The interest details of every invoice a message covers (none from older runs' facts). */
function interestOf(facts: MessageFacts): InterestFacts[] {
  const all = facts.invoices && facts.invoices.length > 1 ? facts.invoices.map((l) => l.interest) : [facts.interest];
  return all.filter((i): i is InterestFacts => i !== undefined);
}

function invoiceTable(
  req: VarsInput,
  lines: InvoiceLine[] | undefined,
  labels: Labels,
  money: (c: number) => string,
  date: (d: string) => string,
): TableBlock {
  const t = labels.invoiceTable;
  const inv = req.invoice;
  const columns: TableBlock['columns'] = [
    { title: t.number, align: 'left', weight: 16 },
    { title: t.issueDate, align: 'left', weight: 16 },
    { title: t.dueDate, align: 'left', weight: 16 },
    { title: t.amount, align: 'right', weight: 14 },
    { title: t.amountDue, align: 'right', weight: 14 },
  ];
  if (!lines) {
    return { kind: 'table', columns, rows: [[inv.invoiceId, date(inv.issueDate), date(inv.dueDate), money(inv.amountCents), money(req.facts.amountDueCents)]] };
  }
  return {
    kind: 'table',
    columns,
    rows: lines.map((l) => [l.invoiceId, date(l.issueDate), date(l.dueDate), money(l.amountCents), money(l.amountDueCents)]),
    totals: [[t.total, '', '', money(lines.reduce((s, l) => s + l.amountCents, 0)), money(req.facts.amountDueCents)]],
  };
}

function planTable(req: VarsInput, labels: Labels, money: (c: number) => string, date: (d: string) => string): TableBlock | undefined {
  const plan = req.facts.plan;
  if (!plan?.length) return undefined;
  const t = labels.planTable;
  return {
    kind: 'table',
    columns: [
      { title: t.seq, align: 'left', weight: 10 },
      { title: t.date, align: 'left', weight: 18 },
      { title: t.amount, align: 'right', weight: 14 },
    ],
    rows: plan.map((i) => [String(i.seq), date(i.date), money(i.amountCents)]),
    totals: [[t.total, '', money(plan.reduce((s, i) => s + i.amountCents, 0))]],
  };
}

/** The debtor's language, its labels and formatters: what every part of the variables reads. */
interface Fmt {
  lang: Language;
  labels: Labels;
  money: (cents: number) => string;
  /** In sentences: "mardi 12 mai 2026", the weekday included (a reader plans by the day of the week). */
  date: (isoDate: string) => string;
  /** In table cells: "12 mai 2026", so the columns stay narrow. */
  short: (isoDate: string) => string;
}

/** The claim of the day: principal, penalties and (professional debtors only) the indemnity. */
interface Claim {
  isProfessional: boolean;
  indemnityCents: number;
  totalClaimCents: number;
  penaltyStart: string;
  rate: string;
  table: TableBlock;
}

export function templateVars(req: VarsInput, creditor: CreditorProfile, ctx: VarsContext = {}): TemplateVars {
  const lang = req.language;
  const f: Fmt = {
    lang,
    labels: loadLabels(lang),
    money: (cents) => formatMoney(cents, req.invoice.currency, lang),
    date: (d) => formatLongDate(d, lang),
    short: (d) => formatDate(d, lang),
  };
  const lines = mergedLines(req.facts, `${lang} vars`);
  const touches = touchVars(req.facts, f);
  // The claim is a table: its rows' dates stay short.
  const claim = claimOf(req, lines, { ...f, date: f.short });
  const channel = ctx.channel ?? 'email';
  return {
    ...creditorVars(creditor, lang),
    ...invoiceVars(req, lines, f, claim.isProfessional),
    ...factsVars(req.facts, f, claim),
    ...commitmentVars(req, f),
    ...touches,
    // Channel
    isLetter: channel === 'letter',
    isEmail: channel === 'email',
    invoiceAttached: Boolean(ctx.invoiceAttached),
    letterAttached: Boolean(ctx.letterAttached),
    documentAttached: Boolean(ctx.documentAttached),
    // Tables
    invoiceTable: invoiceTable(req, lines, f.labels, f.money, f.short),
    claimTable: claim.table,
  };
}

function creditorVars(creditor: CreditorProfile, lang: Language): TemplateVars {
  return {
    companyName: creditor.companyName,
    legalForm: creditor.legalForm ?? '',
    creditorAddress: [...creditor.address.lines, `${creditor.address.postalCode} ${creditor.address.city}`].join(', '),
    creditorPhone: creditor.phone,
    creditorEmail: creditor.email,
    creditorWebsite: creditor.website ?? '',
    siren: formatSiren(creditor.siren),
    vatNumber: creditor.vatNumber,
    collectorName: creditor.collector.name,
    collectorTitle: creditor.collector.title?.[lang] ?? '',
    collectorEmail: creditor.collector.email,
    // Who speaks in a call script: the brief puts the task's assignee here (templates/call-brief.ts).
    callerName: creditor.collector.name,
    callerRole: (creditor.collector.title?.[lang] ?? '').replace(/^./, (c) => c.toLowerCase()),
    collectorPhone: creditor.collector.phone ?? creditor.phone,
    place: creditor.place,
    iban: formatIban(creditor.bank.iban),
    bic: creditor.bank.bic,
    bankName: creditor.bank.bankName ?? '',
    penaltyClause: creditor.legalMentions.penaltyClause[lang],
  };
}

/** The debtor and the invoice; for one message covering several invoices, their list and totals. */
function invoiceVars(req: VarsInput, lines: InvoiceLine[] | undefined, f: Fmt, isProfessional: boolean): TemplateVars {
  const { invoice, facts, to } = req;
  const { lang, money, date } = f;
  const merged = Boolean(lines);
  // Several invoices in one message: their numbers, the oldest due date, the longest delay.
  const ids = lines ? lines.map((l) => l.invoiceId) : [invoice.invoiceId];
  const invoiceListShort =
    ids.length > SHORT_LIST_MAX
      ? fillLabel(f.labels.invoiceListMore, { first: ids.slice(0, SHORT_LIST_HEAD).join(', '), more: ids.length - SHORT_LIST_HEAD }, `${lang}/labels.invoiceListMore`)
      : joinList(ids, lang);
  const oldestDue = lines ? lines.map((l) => l.dueDate).reduce((a, b) => (b < a ? b : a)) : invoice.dueDate;
  const maxDaysPastDue = lines ? Math.max(...lines.map((l) => l.daysPastDue)) : facts.daysPastDue;
  const totalAmountCents = lines ? lines.reduce((s, l) => s + l.amountCents, 0) : invoice.amountCents;
  return {
    debtorName: invoice.debtor.name,
    contactName: to.name,
    // "Bonjour Madame Lambert": the civility and last name when the import gave them, else the full name.
    greetingName: to.civility ? `${f.labels.civility[to.civility]} ${to.lastName ?? to.name}` : to.name,
    isProfessional,
    isConsumer: !isProfessional,
    invoiceId: invoice.invoiceId,
    issueDate: date(invoice.issueDate),
    dueDate: date(invoice.dueDate),
    amount: money(invoice.amountCents),
    description: invoice.description ?? '',
    orderRef: invoice.orderRef ?? '',
    // One message for several invoices (facts.invoices, 2+ lines): the invoice* variables above are
    // then the lead invoice's, the amounts below are totals.
    merged,
    single: !merged,
    invoiceCount: ids.length,
    invoiceList: joinList(ids, lang),
    invoiceListShort,
    totalAmount: money(totalAmountCents),
    oldestDueDate: date(oldestDue),
    maxDaysPastDue,
  };
}

/** The facts of the day: amounts, penalties, indemnity, the notice deadline. */
function factsVars(facts: MessageFacts, f: Fmt, claim: Claim): TemplateVars {
  const { money, date } = f;
  const interestPaidCents = interestOf(facts).reduce((t, i) => t + i.paidCents, 0);
  return {
    today: date(facts.today),
    amountDue: money(facts.amountDueCents),
    paid: money(facts.paidCents),
    hasPaid: facts.paidCents > 0,
    isSettled: facts.amountDueCents === 0,
    hasPartialPayment: facts.paidCents > 0 && facts.amountDueCents > 0,
    penalties: money(facts.penaltiesCents),
    hasPenalties: facts.penaltiesCents > 0,
    penaltyRate: claim.rate,
    // The terms of sale's rate (or its legal floor) rather than ECB + 10 points (L441-10 II).
    contractRate: interestOf(facts).some((i) => i.periods.some((p) => p.basis === 'contract' || p.basis === 'legal_floor')),
    // Partial payments applied to interest first (C. civ. 1343-1).
    hasInterestPaid: interestPaidCents > 0,
    interestPaid: money(interestPaidCents),
    penaltyStart: date(claim.penaltyStart),
    indemnity: money(claim.indemnityCents),
    hasIndemnity: claim.indemnityCents > 0,
    totalClaim: money(claim.totalClaimCents),
    daysPastDue: facts.daysPastDue,
    noticeDeadline: facts.noticeDeadline ? date(facts.noticeDeadline) : undefined,
    hasNoticeDeadline: Boolean(facts.noticeDeadline),
    noticeDelay: facts.noticeDelay ? delayText(facts.noticeDelay, f.lang) : undefined,
    noticePlannedOn: facts.noticePlannedOn ? date(facts.noticePlannedOn) : undefined,
    hasNoticePlanned: Boolean(facts.noticePlannedOn),
    // Paid after a formal notice: the confirmation reserves the penalties and the EUR 40 unless the policy waives them.
    // payment_confirmation: only what the invoice took is confirmed; the excess is stated as credit.
    hasPayment: Boolean(facts.payment),
    paymentReceived: facts.payment ? money(facts.payment.receivedCents) : undefined,
    paymentApplied: facts.payment ? money(facts.payment.appliedCents) : undefined,
    hasUnapplied: Boolean(facts.payment?.unappliedCents),
    unapplied: facts.payment ? money(facts.payment.unappliedCents) : undefined,
    reservesPenalties: Boolean(facts.noticeDeadline) && !facts.penaltiesWaived && facts.penaltiesCents + claim.indemnityCents > 0,
    penaltiesAndIndemnity: money(facts.penaltiesCents + claim.indemnityCents),
  };
}

/** "8 jours", "10 business days": the formal notice's time to pay, from the letter's first presentation. */
function delayText(d: NonNullable<MessageFacts['noticeDelay']>, lang: Language): string {
  if (d.unit === 'ms') return `${Math.round(d.n / 60_000)} minutes`; // demo policies
  const business = d.unit === 'business_days';
  if (lang === 'fr') return `${d.n} jour${d.n > 1 ? 's' : ''}${business ? ` ouvré${d.n > 1 ? 's' : ''}` : ''}`;
  return `${d.n} ${business ? 'business ' : ''}day${d.n > 1 ? 's' : ''}`;
}

/** What the debtor committed to or asked for: the promise, the plan, the call, the document. */
function commitmentVars(req: VarsInput, f: Fmt): TemplateVars {
  const { invoice, facts, to } = req;
  const { lang, labels, money, date } = f;
  const plan = facts.plan ?? [];
  const promise = facts.promise;
  const call = facts.callSummary;
  const documentName = (d: AgreementFacts['document']) =>
    fillLabel(labels.documents[d ?? 'invoice'], { invoiceId: invoice.invoiceId, issueDate: date(invoice.issueDate) }, `${lang}/labels.documents`);
  const agreements = call?.reached ? (call.agreements ?? []) : [];
  const agreementLines = agreements.flatMap((a) => agreementLine(a, f, documentName));
  // A payment date was settled somewhere, or every invoice discussed is disputed: no need to ask for a date.
  const dateAgreed = Boolean(promise) || plan.length > 0 || agreements.some((a) => a.promise || a.plan || a.settlement);
  const allDisputed = agreements.length > 0 && agreements.every((a) => a.dispute);
  return {
    hasPromise: Boolean(promise),
    hasBrokenPromise: false,
    promiseDate: promise ? date(promise.date) : undefined,
    promiseAmount: promise ? money(promise.amountCents) : undefined,
    hasPlan: plan.length > 0,
    planTable: planTable(req, labels, money, f.short),
    planCount: plan.length ? plan.length : undefined,
    planTotal: plan.length ? money(plan.reduce((s, i) => s + i.amountCents, 0)) : undefined,
    planFirstDate: plan.length ? date(plan[0].date) : undefined,
    planFirstAmount: plan.length ? money(plan[0].amountCents) : undefined,
    planLastDate: plan.length ? date(plan[plan.length - 1].date) : undefined,
    hasCallSummary: Boolean(call),
    callReached: Boolean(call?.reached),
    callContactName: call?.contactName ?? to.name,
    callNotes: call?.notes ?? '',
    hasCallNotes: Boolean(call?.notes),
    hasAgreements: agreementLines.length > 0,
    agreementList: agreementLines.map((t) => `- ${t}`).join('\n'),
    askPaymentDate: !dateAgreed && !allDisputed,
    documentName: documentName(facts.document),
  };
}

/** One line per invoice of what a call settled, in the debtor's language (free text from the call stays data). */
function agreementLine(a: AgreementFacts, f: Fmt, documentName: (d: AgreementFacts['document']) => string): string[] {
  const { money, date } = f;
  const l = f.labels.agreement;
  const lines: string[] = [];
  if (a.promise) lines.push(fillLabel(l.promise, { invoiceId: a.invoiceId, amount: money(a.promise.amountCents), date: date(a.promise.date) }));
  if (a.plan) {
    const parts = a.plan.map((i) => fillLabel(l.planLine, { amount: money(i.amountCents), date: date(i.date) }));
    lines.push(fillLabel(l.plan, { invoiceId: a.invoiceId, count: a.plan.length, lines: parts.join(', ') }));
  }
  if (a.settlement) lines.push(fillLabel(l.settlement, { invoiceId: a.invoiceId, amount: money(a.settlement.amountCents), date: date(a.settlement.payBy) }));
  if (a.dispute) lines.push(fillLabel(l.dispute, { invoiceId: a.invoiceId, kind: l.disputeKinds[a.dispute.kind], details: a.dispute.details }));
  if (a.document) lines.push(fillLabel(l.document, { invoiceId: a.invoiceId, document: documentName(a.document) }));
  return lines.length ? lines : [fillLabel(l.none, { invoiceId: a.invoiceId })];
}

/** Previous touches: a "- " list (one per line) and an inline enumeration. */
function touchVars(facts: MessageFacts, f: Fmt): TemplateVars {
  const { lang, labels, date } = f;
  const vars = (t: MessageFacts['previousTouches'][number]) => ({
    channel: labels.channels[t.channel],
    date: date(t.date),
    // Calls and other non-message touches have no template label: the label then omits it.
    template: labels.templates[t.template as TemplateId] ?? '',
  });
  const touches = facts.previousTouches.map((t) => fillLabel(labels.touch, vars(t), `${lang}/labels.touch`));
  const touchesShort = facts.previousTouches.map((t) => fillLabel(labels.touchShort, vars(t), `${lang}/labels.touchShort`));
  return {
    hasPreviousTouches: touches.length > 0,
    previousTouches: touches.map((t) => `- ${t}`).join('\n'),
    previousTouchesInline: joinList(touchesShort, lang),
  };
}

function claimOf(req: VarsInput, lines: InvoiceLine[] | undefined, f: Fmt): Claim {
  const { invoice, facts } = req;
  const isProfessional = invoice.debtor.kind === 'professional';
  // The EUR 40 indemnity is for professional debtors only (D441-5), whatever the facts say.
  const indemnityCents = isProfessional ? facts.indemnityCents : 0;
  const totalClaimCents = facts.amountDueCents + facts.penaltiesCents + indemnityCents;
  const penaltyStart = addDays(invoice.dueDate, 1);
  const rate = formatPercent(facts.penaltyRatePct, f.lang);
  const c = f.labels.claimTable;
  const rows = lines ? mergedClaimRows(lines, facts, f, { isProfessional, rate }) : singleClaimRows(req, f, { isProfessional, rate, indemnityCents, penaltyStart });
  // L441-10 II: costs beyond the EUR 40 may be claimed on proof; a line with no amount, not in the total.
  if (isProfessional) rows.push([c.extraCompensation, c.onProof]);
  const table: TableBlock = {
    kind: 'table',
    columns: [
      { title: c.item, align: 'left', weight: 60 },
      { title: c.amount, align: 'right', weight: 16 },
    ],
    rows,
    totals: [[fillLabel(c.total, { date: f.date(facts.today) }), f.money(totalClaimCents)]],
  };
  return { isProfessional, indemnityCents, totalClaimCents, penaltyStart, rate, table };
}

function singleClaimRows(req: VarsInput, f: Fmt, k: { isProfessional: boolean; rate: string; indemnityCents: number; penaltyStart: string }): string[][] {
  const { invoice, facts } = req;
  const { money, date } = f;
  const c = f.labels.claimTable;
  const rows: string[][] = [[fillLabel(c.principal, { invoiceId: invoice.invoiceId, issueDate: date(invoice.issueDate) }), money(facts.amountDueCents + (facts.interest?.paidCents ?? 0))]];
  // What went to the principal; the part paid on interest first (C. civ. 1343-1) has its own line.
  const toPrincipal = facts.paidCents - (facts.interest?.paidCents ?? 0);
  if (toPrincipal > 0) rows[0][0] += ` ${fillLabel(c.partialPayment, { paid: money(toPrincipal) })}`;
  if (facts.interest) rows.push(...interestRows(facts.interest, f.labels, f));
  else if (k.isProfessional || facts.penaltiesCents > 0) {
    rows.push([fillLabel(c.penalties, { rate: k.rate, from: date(k.penaltyStart), to: date(facts.today) }), money(facts.penaltiesCents)]);
  }
  if (k.indemnityCents > 0) rows.push([c.indemnity, money(k.indemnityCents)]);
  return rows;
}

/** Each invoice in turn: its principal, its penalties (from the day after its own due date), its indemnity. */
function mergedClaimRows(lines: InvoiceLine[], facts: MessageFacts, f: Fmt, k: { isProfessional: boolean; rate: string }): string[][] {
  const { money, date } = f;
  const c = f.labels.claimTable;
  const rows: string[][] = [];
  for (const l of lines) {
    let principal = fillLabel(c.principal, { invoiceId: l.invoiceId, issueDate: date(l.issueDate) });
    const toPrincipal = l.paidCents - (l.interest?.paidCents ?? 0);
    if (toPrincipal > 0) principal += ` ${fillLabel(c.partialPayment, { paid: money(toPrincipal) })}`;
    rows.push([principal, money(l.amountDueCents + (l.interest?.paidCents ?? 0))]);
    if (l.interest) rows.push(...interestRows(l.interest, f.labels, f, l.invoiceId));
    else if (k.isProfessional || l.penaltiesCents > 0) {
      const from = date(addDays(l.dueDate, 1));
      rows.push([fillLabel(c.penaltiesOf, { invoiceId: l.invoiceId, rate: k.rate, from, to: date(facts.today) }), money(l.penaltiesCents)]);
    }
    if (k.isProfessional && l.indemnityCents > 0) rows.push([fillLabel(c.indemnityOf, { invoiceId: l.invoiceId }), money(l.indemnityCents)]);
  }
  return rows;
}
