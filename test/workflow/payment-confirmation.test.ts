import { describe, expect, it } from 'vitest';
import type { EmailRequest } from '../../activities/types';
import { DEFAULT_CREDITOR } from '../../config/creditor';
import type { Language } from '../../domain/wire/vocabulary';
import { renderTemplate, templateVars } from '../../templates/render';
import * as msg from '../../workflows/messages';
import { startScenario, travelTo } from '../helpers/scenario';
import { useTimeSkippingEnv } from '../helpers/temporal';

/** The thank-you email as the debtor reads it, in the given language. */
function read(req: EmailRequest, language: Language): string {
  const m = renderTemplate('payment_confirmation', language, templateVars({ ...req, language }, DEFAULT_CREDITOR, { channel: 'email' }), { tone: req.tone });
  return `${m.subject}\n${m.text}`.replace(/[ \t\r\n]+/g, ' ');
}

/**
 * Issue 16: `pay --allow-overpayment` of 99 999 € on an invoice with 889,00 € left to pay: the
 * thank-you confirms the 889,00 € the invoice took, never the 99 999 € nor the sum of all payments,
 * and states the excess as unapplied credit, in euros.
 */
describe('the payment confirmation confirms what the invoice took and states an overpayment as credit', () => {
  const envOf = useTimeSkippingEnv();

  for (const coordinated of [true, false]) {
    it(coordinated ? 'default (coordinated) mode' : 'per-invoice mode', async () => {
      const env = envOf();
      await travelTo(env, coordinated ? '2027-02-10T09:30:00Z' : '2027-03-10T09:30:00Z');
      const dueDate = coordinated ? '2027-02-03' : '2027-03-03';
      const sc = await startScenario(env, { invoice: { dueDate, issueDate: '2027-01-04' }, coordinated });
      const email = await sc.run(async () => {
        await env.sleep('1 minute');
        await sc.handle.executeUpdate(msg.recordPayment, { args: [{ payment: { paymentId: 'P-1', amountCents: 34_556 } }] });
        const over = await sc.handle.executeUpdate(msg.recordPayment, { args: [{ payment: { paymentId: 'P-2', amountCents: 9_999_900 }, allowOverpayment: true }] });
        expect(over).toMatchObject({ appliedCents: 88_900, unappliedCents: 9_911_000, amountDueCents: 0, outcome: 'paid' });
        for (let i = 0; i < 20 && !sc.log.some((l) => l.kind === 'email' && l.request.template === 'payment_confirmation'); i++) await env.sleep('10 minutes');
        const sent = sc.log.filter((l) => l.kind === 'email' && l.request.template === 'payment_confirmation');
        expect(sent).toHaveLength(1);
        return sent[0].request as EmailRequest;
      });
      expect(email.facts.payment).toEqual({ receivedCents: 9_999_900, appliedCents: 88_900, unappliedCents: 9_911_000 });

      const fr = read(email, 'fr');
      expect(fr).toContain('889,00\u00a0€ ont été imputés sur la facture');
      expect(fr).toContain("Votre règlement de 99 999,00\u00a0€ dépasse le montant qui restait dû. L'excédent de 99 110,00\u00a0€ n'est imputé sur aucune facture : il reste à votre crédit");
      expect(fr).not.toMatch(/règlement de 1 234,56|réception de votre règlement de 99 999/);

      const en = read(email, 'en');
      expect(en).toContain('€889.00 has been applied to invoice');
      expect(en).toContain('Your payment of €99,999.00 exceeds the amount that was still due. The excess of €99,110.00 is not applied to any invoice: it remains to your credit');
      expect(en).not.toContain('€1,234.56');
    });
  }

  it('without an overpayment, no word of credit', async () => {
    const env = envOf();
    await travelTo(env, '2027-04-10T09:30:00Z');
    const sc = await startScenario(env, { invoice: { dueDate: '2027-04-03', issueDate: '2027-03-04' } });
    const email = await sc.run(async () => {
      await env.sleep('1 minute');
      await sc.handle.executeUpdate(msg.recordPayment, { args: [{ payment: { paymentId: 'P-1', amountCents: 123_456 } }] });
      for (let i = 0; i < 20 && !sc.log.some((l) => l.kind === 'email' && l.request.template === 'payment_confirmation'); i++) await env.sleep('10 minutes');
      return sc.log.find((l) => l.kind === 'email' && l.request.template === 'payment_confirmation')?.request as EmailRequest;
    });
    const fr = read(email, 'fr');
    expect(fr).toContain('1 234,56\u00a0€ ont été imputés sur la facture');
    expect(fr).not.toMatch(/crédit|excédent/);
  });
});
