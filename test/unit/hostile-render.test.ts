/**
 * Issue #14: debtor-provided strings are escaped for the medium they land in. The Web UI renders
 * a run's summary and current details as Markdown with HTML: a debtor name holding
 * `<a href=…>Click to pay</a>` became a clickable link on the run page, `<img>` elements were made.
 * Rendered here with a real Markdown renderer (marked, GFM), the hostile name must stay text.
 */
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { describeDebtor } from '../../domain/debtor/describe';
import { initialDebtorState } from '../../domain/debtor/state';
import { initialState } from '../../domain/dunning/init';
import { InvoiceSchema } from '../../domain/invoice/schema';
import { TEMPORAL_LIMITS, utf8Length } from '../../domain/text/limits';
import { escapeMarkdown } from '../../domain/text/markdown';
import { DEFAULT_POLICY } from '../../domain/policy/parse';
import { debtorSummary, describeState, staticSummary } from '../../domain/views/presentation';
import { invoiceMemo } from '../../workflows/memo';
import { startOptionsFor } from '../../client/start-options';
import { sampleInvoice } from '../helpers/view';

export const HOSTILE_NAME =
  '<a href="https://evil.example/pay">Click to pay</a> <img src="https://evil.example/x.png"> [pay here](https://evil.example) ![x](https://evil.example/y.png) www.evil.example pay@evil.example *Acme* `code` &amp; | a | b |';

const html = (markdown: string) => marked.parse(markdown, { async: false, gfm: true });

function expectInert(markdown: string) {
  const out = html(markdown);
  expect(out).not.toMatch(/<a[\s>]/);
  expect(out).not.toMatch(/<img[\s>]/);
  expect(out).not.toMatch(/<em>|<code>|<table/);
  // What the debtor wrote is still there, as text.
  expect(out).toContain('Click to pay');
  expect(out).toContain('&lt;a href=');
}

describe('Markdown in the Web UI: summary and current details', () => {
  const invoice = InvoiceSchema.parse(sampleInvoice({ debtor: { ...sampleInvoice().debtor, name: HOSTILE_NAME } }));

  it('the static summary shows the hostile name as text', () => {
    expectInert(staticSummary(invoice));
  });

  it('the current details show it as text, and free texts (dispute, pause reason) too', () => {
    const s = initialState('dunning-INV-1', invoice, Date.UTC(2027, 0, 1));
    s.disputes.push({ disputeId: '[D-1](https://evil.example)', kind: 'commercial', details: '<img src=x onerror=alert(1)>', status: 'open', openedAt: 0 });
    s.paused = { reason: '<a href="https://evil.example">resume</a>', since: 0 };
    const details = describeState(s, DEFAULT_POLICY, Date.UTC(2027, 0, 1), undefined);
    expectInert(details);
    expect(html(details)).toContain('<strong>INV-2027-001</strong>'); // our own Markdown still works
  });

  it("the debtor run's summary and details show its name and id as text", () => {
    expectInert(debtorSummary(HOSTILE_NAME, 'CUST-1'));
    const state = initialDebtorState('<a href="https://evil.example/pay">Click to pay</a>', 0, 'epoch-01');
    expectInert(describeDebtor(state, { kind: 'close' }, DEFAULT_POLICY));
  });

  it('reads the same for ordinary names (escapes vanish when rendered)', () => {
    const plain = InvoiceSchema.parse(sampleInvoice({ debtor: { ...sampleInvoice().debtor, name: 'Boulangeries Marcel & Fils S.A.R.L. (Lyon)' } }));
    const out = html(staticSummary(plain));
    expect(out).toContain('Boulangeries Marcel &amp; Fils S.A.R.L. (Lyon)');
    expect(escapeMarkdown('Acme SARL')).toBe('Acme SARL');
  });
});

describe('what is not encrypted carries no personal data of contacts, and fits the server limits', () => {
  it('memo, summary and search attributes: ids and the company name only', () => {
    const invoice = InvoiceSchema.parse(sampleInvoice());
    const o = startOptionsFor(invoice, { taskQueue: 'q' });
    const visible = JSON.stringify([o.memo, o.staticSummary, o.typedSearchAttributes, invoiceMemo(invoice)]);
    for (const c of invoice.debtor.contacts) {
      for (const value of [c.name, c.email, c.phone]) if (value) expect(visible).not.toContain(value);
    }
    expect(visible).toContain(invoice.debtor.name);
  });

  it('a 2,000-byte company name still gives a summary under the server limit of 400 bytes', () => {
    const invoice = InvoiceSchema.parse(sampleInvoice({ debtor: { ...sampleInvoice().debtor, name: 'é'.repeat(1000) } }));
    // 200 bytes of text (+2 JSON quotes) leave room for an encryption envelope (~100 bytes) under the 400.
    expect(utf8Length(staticSummary(invoice))).toBeLessThanOrEqual(200);
    expect(utf8Length(JSON.stringify(staticSummary(invoice))) + 100).toBeLessThan(TEMPORAL_LIMITS.summaryBytes);
    expect(utf8Length(debtorSummary('<'.repeat(2000), 'D'.repeat(900)))).toBeLessThanOrEqual(200);
  });
});
