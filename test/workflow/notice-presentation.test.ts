import { describe, expect, it } from 'vitest';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { LetterRequest } from '../../activities/types';
import type { PostalLetterEvent } from '../../activities/postal';
import type { PolicyInput } from '../../domain/policy/schema';
import { describeState } from '../../domain/views/presentation';
import { statusText } from '../../client/commands/status';
import { handlePostalWebhook, recordLetterEventFor } from '../../client/letter-events';
import * as msg from '../../workflows/messages';
import { startScenario, travelTo } from '../helpers/scenario';
import { useTimeSkippingEnv } from '../helpers/temporal';
import { checkPolicy } from '../../domain/wire/policy';
import { recordHistory } from '../helpers/histories';
import { NOTICE_TEST_POLICY } from '../helpers/notice-policy';

/**
 * The formal notice's deadline runs from the first presentation of the registered letter (Code
 * civil 1344; shared/domain.md §8). A short cadence (reminder D+1, notice D+5) for an invoice due
 * Thu 22 Apr 2027: reminder Fri 23 Apr 09:00, registered notice Tue 27 Apr 2027 09:00 Paris
 * (07:00Z). The run then waits for the postal news until 27 Apr + 15 days = Wed 12 May 09:00.
 * 2027 holidays: Sat 1 May, Thu 6 May (Ascension), Sat 8 May (Victoire 1945), Mon 17 May (Pentecôte).
 */
const POLICY = NOTICE_TEST_POLICY;
const INVOICE = { dueDate: '2027-04-22', issueDate: '2027-03-23' };
const paris = (ms: number) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' }).format(new Date(ms));

async function refusal(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) return err.cause.type ?? undefined;
    throw err;
  }
}

describe('formal notice: the deadline runs from the first presentation of the registered letter', () => {
  const envOf = useTimeSkippingEnv();

  it('presented Fri 30 Apr: 30 Apr + 8 = Sat 8 May (weekend and 8 May holiday) -> Mon 10 May; handoff Tue 11 May 09:00', async () => {
    const env = envOf();
    await travelTo(env, '2027-04-21T08:00:00Z');
    const sc = await startScenario(env, { policy: POLICY, invoice: INVOICE });
    await sc.run(async () => {
      await travelTo(env, '2027-04-28T08:00:00Z'); // Wed 28 Apr 10:00
      const waiting = await sc.state();
      const letter = sc.log.find((l) => l.kind === 'letter')!.request as LetterRequest;
      // The letter states the delay from its first presentation, not a date nobody knows yet.
      expect(letter.facts.noticeDeadline).toBeUndefined();
      expect(letter.facts.noticeDelay).toEqual({ unit: 'days', n: 8 });
      expect(paris(waiting.formalNotice!.sentAt)).toBe('2027-04-27 09:00');
      expect(waiting.formalNotice!.presentation).toEqual({ waitUntil: Date.parse('2027-05-12T07:00:00Z') });
      expect(waiting.next).toMatchObject({ description: 'End of the wait for news of the registered notice', at: '2027-05-12T07:00:00.000Z' });
      const tracking = waiting.formalNotice!.trackingNumber!;
      expect(tracking).toMatch(/^RR/);

      // Refused before history: another letter, a date before the sending day, a return without its reason.
      expect(await refusal(sc.handle.executeUpdate(msg.recordLetterEvent, { args: [{ event: 'presented', on: '2027-04-28', trackingNumber: '1A99999999999' }] }))).toBe('Refused:unknown_letter');
      expect(await refusal(sc.handle.executeUpdate(msg.recordLetterEvent, { args: [{ event: 'presented', on: '2027-04-26' }] }))).toBe('Refused:date');
      expect(await refusal(sc.handle.executeUpdate(msg.recordLetterEvent, { args: [{ event: 'returned', on: '2027-04-28' }] }))).toBe('Refused:invalid');

      await travelTo(env, '2027-05-03T08:00:00Z'); // Mon 3 May: La Poste reports Friday's first presentation
      const answer = await sc.handle.executeUpdate(msg.recordLetterEvent, { args: [{ event: 'presented', on: '2027-04-30', trackingNumber: tracking, source: 'La Poste' }] });
      expect(answer).toMatchObject({ stage: 'formal_notice', presentedOn: '2027-04-30', deadline: '2027-05-10' });
      // Delivered later: the first presentation stays the start.
      await sc.handle.executeUpdate(msg.recordLetterEvent, { args: [{ event: 'delivered', on: '2027-05-03' }] });
      const presented = await sc.state();
      expect(presented.formalNotice).toMatchObject({ deadline: '2027-05-10', presentation: { presentedOn: '2027-04-30', basis: 'presented', deliveredOn: '2027-05-03' } });
      expect(presented.next).toMatchObject({ kind: 'handoff', at: '2027-05-11T07:00:00.000Z' });
      // What the status, the Web UI and the litigation file read.
      expect(statusText(presented, 'RUNNING')).toContain(`sent 2027-04-27 (registered ${tracking}); first presented 2027-04-30, delivered 2027-05-03; pay by 2027-05-10, handoff from 2027-05-11`);
      expect(describeState(presented, checkPolicyOrThrow(POLICY), Date.parse(presented.now), undefined)).toMatch(/Formal notice: sent 2027.04.27 .*first presented 2027.04.30/);
      expect(presented.trace.filter((t) => t.kind === 'notice_letter').map((t) => `${paris(t.at)} ${t.detail}`)).toEqual([
        `2027-05-03 10:00 presented on 2027-04-30, tracking ${tracking}, reported by La Poste: first presented 2027-04-30; deadline 2027-05-10, handoff from 2027-05-11`,
        '2027-05-03 10:00 delivered on 2027-05-03: first presented 2027-04-30, delivered 2027-05-03; deadline 2027-05-10, handoff from 2027-05-11',
      ]);

      await travelTo(env, '2027-05-10T20:00:00Z'); // Mon 10 May 22:00: the last day to pay has not passed
      expect((await sc.state()).stage).toBe('formal_notice');
      await travelTo(env, '2027-05-11T08:00:00Z');
      const result = await sc.handle.result();
      expect(result.outcome).toBe('litigation');
      // A run with the notice-presentation patch marker, an update and the wait (replayed in test/workflow/replay.test.ts).
      await recordHistory('notice-presentation', sc.handle);
      const handoff = sc.log.find((l) => l.kind === 'litigation')!;
      expect(paris((await sc.state()).litigation.handedOffAt!)).toBe('2027-05-11 09:00');
      expect(handoff.snapshot?.view.formalNotice).toMatchObject({ deadline: '2027-05-10', presentation: { presentedOn: '2027-04-30', basis: 'presented' } });
    });
  });

  it('no news of the letter: at the end of the wait (Wed 12 May) the presentation is taken as that day; 12 + 8 = Thu 20 May; handoff Fri 21 May 09:00', async () => {
    const env = envOf();
    await travelTo(env, '2027-04-21T08:00:00Z');
    const sc = await startScenario(env, { policy: POLICY, invoice: INVOICE });
    await sc.run(async () => {
      await travelTo(env, '2027-05-12T08:00:00Z');
      const assumed = await sc.state();
      expect(assumed.formalNotice).toMatchObject({ deadline: '2027-05-20', presentation: { presentedOn: '2027-05-12', basis: 'assumed' } });
      expect(assumed.trace.filter((t) => t.kind === 'notice_letter').map((t) => `${paris(t.at)} ${t.detail}`)).toEqual([
        '2027-05-12 09:00 no news of the registered letter by the end of the wait: first presented 2027-05-12 (assumed: no news of the letter); deadline 2027-05-20, handoff from 2027-05-21',
      ]);
      await travelTo(env, '2027-05-21T08:00:00Z');
      expect((await sc.handle.result()).outcome).toBe('litigation');
      expect(paris((await sc.state()).litigation.handedOffAt!)).toBe('2027-05-21 09:00');
    });
  });

  it('returned "avisé non réclamé" after the wait: the first presentation (Wed 28 Apr) still starts the deadline; 28 Apr + 8 = Thu 6 May (Ascension) -> Fri 7 May, already past: handoff at once', async () => {
    const env = envOf();
    await travelTo(env, '2027-04-21T08:00:00Z');
    const sc = await startScenario(env, { policy: POLICY, invoice: INVOICE });
    await sc.run(async () => {
      await travelTo(env, '2027-05-14T08:00:00Z'); // Fri 14 May 10:00: presentation assumed on 12 May, handoff planned Fri 21 May
      expect((await sc.state()).formalNotice?.presentation?.basis).toBe('assumed');
      await sc.handle.executeUpdate(msg.recordLetterEvent, { args: [{ event: 'returned', reason: 'unclaimed', presentedOn: '2027-04-28', on: '2027-05-14' }] });
      expect((await sc.handle.result()).outcome).toBe('litigation');
      const view = await sc.state();
      expect(view.formalNotice).toMatchObject({ deadline: '2027-05-07', presentation: { presentedOn: '2027-04-28', basis: 'returned', returned: { on: '2027-05-14', reason: 'unclaimed' } } });
      expect(paris(view.litigation.handedOffAt!)).toBe('2027-05-14 10:00');
    });
  });

  it('coordinated mode: the debtor workflow sends one registered notice for two invoices; one report through the CLI hook reaches both', async () => {
    const env = envOf();
    await travelTo(env, '2027-04-21T08:00:00Z');
    const a = await startScenario(env, { policy: POLICY, invoice: { ...INVOICE, invoiceId: 'INV-PA' }, coordinated: true, taskQueue: 'notice-coordinated' });
    const b = await startScenario(env, { policy: POLICY, invoice: { ...INVOICE, invoiceId: 'INV-PB', amountCents: 50_000 }, coordinated: true, taskQueue: 'notice-coordinated', worker: a.worker, log: a.log });
    await a.run(async () => {
      await travelTo(env, '2027-04-28T08:00:00Z');
      const letters = a.log.filter((l) => l.kind === 'letter').map((l) => l.request as LetterRequest);
      expect(letters).toHaveLength(1); // one merged letter for both invoices, from the debtor's workflow
      expect(letters[0].workflowId).toBe('debtor-ACME');
      expect(letters[0].facts.invoices?.map((l) => l.invoiceId)).toEqual(['INV-PA', 'INV-PB']);
      expect(letters[0].facts).toMatchObject({ noticeDelay: { unit: 'days', n: 8 } });
      expect(letters[0].facts.noticeDeadline).toBeUndefined();
      await travelTo(env, '2027-05-03T08:00:00Z');
      const answers = await recordLetterEventFor(env.client, { invoiceId: 'INV-PA' }, { event: 'presented', on: '2027-04-30', source: 'La Poste' });
      expect(answers).toEqual([
        { workflowId: 'dunning-INV-PA', ok: true, deadline: '2027-05-10', presentedOn: '2027-04-30' },
        { workflowId: 'dunning-INV-PB', ok: true, deadline: '2027-05-10', presentedOn: '2027-04-30' },
      ]);
      // The provider's webhook names the letter by the reference it was given: the debtor's send, both invoices.
      // A provider with its own format: its postal adapter maps it (toLetterEvent); other notifications are left out.
      const adapter = {
        toLetterEvent: (body: unknown): PostalLetterEvent | undefined => {
          const b = body as { clientRef: string; status: string; eventDate: string };
          return b.status === 'DISTRIBUE' ? { reference: b.clientRef, event: 'delivered', date: b.eventDate.slice(0, 10), provider: 'hybrid-mail test' } : undefined;
        },
      };
      expect(await handlePostalWebhook(env.client, { clientRef: letters[0].idempotencyKey, status: 'IMPRIME', eventDate: '2027-04-27T06:00:00Z' }, adapter)).toEqual([]);
      const hooked = await handlePostalWebhook(env.client, { clientRef: letters[0].idempotencyKey, status: 'DISTRIBUE', eventDate: '2027-05-03T10:12:00Z' }, adapter);
      expect(hooked.map((h) => [h.workflowId, h.ok && h.deadline])).toEqual([['dunning-INV-PA', '2027-05-10'], ['dunning-INV-PB', '2027-05-10']]);
      expect((await b.state()).formalNotice?.presentation).toMatchObject({ presentedOn: '2027-04-30', deliveredOn: '2027-05-03' });
      await travelTo(env, '2027-05-11T08:00:00Z');
      for (const sc of [a, b]) {
        expect((await sc.handle.result()).outcome).toBe('litigation');
        expect(paris((await sc.state()).litigation.handedOffAt!)).toBe('2027-05-11 09:00');
      }
    });
    await b.handle.terminate('test finished').catch(() => undefined);
  });
});

function checkPolicyOrThrow(p: PolicyInput) {
  const r = checkPolicy(p);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}
