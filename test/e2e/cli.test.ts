/**
 * The `dunning` CLI end to end: the official dev server (random ports, temp SQLite file), a real
 * worker in this process on task queue `dunning` (recording channels), and the CLI run as a child
 * process exactly as a user runs it. Visibility on the dev server lags: every read that goes
 * through it is polled with a deadline, never slept on.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, useCliHarness } from '../helpers/cli-e2e';
import { localDateOf, addDays } from '../../domain/time/calendar';
import { freePort } from '../../scripts/dev-server';

const h = useCliHarness('dunning', 'cli');
const { cli, eventually } = h;

async function cliJson<T = unknown>(args: string[]): Promise<T> {
  const r = await cli([...args, '--json']);
  if (r.code !== 0) throw new Error(`dunning ${args.join(' ')} -> ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

interface StatusJson {
  status: string;
  state: {
    stage: string;
    outcome?: string;
    amountDueCents: number;
    paidCents: number;
    paymentIds: string[];
    policyName: string;
    promises: Array<{ date: string; amountCents: number; status: string }>;
    touches: Array<{ channel: string; result: string }>;
    openTask?: { taskId: string };
  };
}
const status = (id: string) => cliJson<StatusJson>(['status', id]);

describe('dunning CLI against the dev server', () => {
  it('starts the sample export with the fast policy, once', async () => {
    const first = await cli(['start', '--file', 'examples/invoices.csv', '--policy', 'examples/fast-policy.json']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/started:\s+10/);

    // Idempotent: a second import starts nothing and is not an error.
    const again = await cli(['start', '--file', 'examples/invoices.csv', '--policy', 'examples/fast-policy.json']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already under dunning:\s+10/);
    expect(again.stdout).toContain('already under dunning: row 1, FA-2026-0101');

    // Findable through the search attributes (written by each run's first task), filtered by debtor.
    const rows = await eventually(async () => {
      const r = await cliJson<Array<{ invoiceId: string; debtorName: string }>>(['list', '--debtor', 'CUST-0087', '--all']);
      return r.length === 2 ? r : undefined;
    }, 'the two CUST-0087 invoices in list');
    expect(rows.map((r) => r.invoiceId).sort()).toEqual(['FA-2026-0101', 'FA-2026-0102']);
    expect(rows[0].debtorName).toBe('Boulangeries Marcel & Fils SARL');
    expect((await status('FA-2026-0101')).state.policyName).toBe('fast-demo');

    // For a spreadsheet, and the finance report over every run.
    const csv = await cli(['list', '--debtor', 'CUST-0087', '--all', '--format', 'csv']);
    expect(csv.code).toBe(0);
    const csvLines = csv.stdout.trim().split(/\r?\n/);
    expect(csvLines[0]).toMatch(/^invoice_id,debtor_id,debtor_name,/);
    expect(csvLines.slice(1).map((l) => l.split(',')[0]).sort()).toEqual(['FA-2026-0101', 'FA-2026-0102']);
    const report = await cli(['report', '--format', 'json']);
    expect(report.code, report.stderr).toBe(0);
    const figures = JSON.parse(report.stdout) as { outstanding: { count: number }; aging: Array<{ key: string; count: number }> };
    expect(figures.outstanding.count).toBeGreaterThanOrEqual(10);
    expect(figures.aging.map((a) => a.key)).toEqual(['not_due', '0-30', '31-60', '61-90', '90+']);
    expect(figures.aging.reduce((n, a) => n + a.count, 0)).toBe(figures.outstanding.count);
  }, 180_000);

  it('starts nothing when any row of a CSV is invalid', async () => {
    const file = join(h.tmp, 'bad.csv');
    writeFileSync(
      file,
      [
        'invoice_id,debtor_id,debtor_name,contact_email,issue_date,due_date,amount',
        'BAD-1,DEBT-BAD,Good Row SARL,ap@good.example,2026-10-01,2026-10-31,"1 200,00"',
        'BAD-2,DEBT-BAD,Good Row SARL,ap@good.example,2026-10-01,2026-10-31,99.90',
        'BAD-3,DEBT-BAD,Bad Row SARL,ap@bad.example,2026-10-01,31/10/2026,100',
      ].join('\n'),
    );
    const r = await cli(['start', '--file', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('row 3, due_date: a date written YYYY-MM-DD');
    expect(r.stderr).toContain('nothing started');
    // Describe is immediate (no visibility lag): the valid rows were not started either.
    for (const id of ['BAD-1', 'BAD-2']) {
      const s = await cli(['status', id]);
      expect(s.code).toBe(2);
      expect(s.stderr).toContain(`no dunning workflow for invoice ${id}`);
    }
    expect(await cliJson(['list', '--debtor', 'DEBT-BAD', '--all'])).toEqual([]);
  }, 60_000);

  it('takes a collector from the worklist to a promise, then to payment', async () => {
    // The fast policy, holding after its first call task: each CLI run takes a second or two,
    // and the task must still be open when the collector records the call.
    const fast = JSON.parse(readFileSync(join(ROOT, 'examples', 'fast-policy.json'), 'utf8'));
    const policy = {
      ...fast,
      name: 'fast-hold',
      steps: fast.steps.map((s: { id: string }, i: number) => (i === 0 ? { ...s, offset: '+1s' } : { ...s, offset: '+1h' })),
      calls: { ...fast.calls, taskDeadline: '1h' },
      maxGapBetweenTouches: '2h',
    };
    const policyFile = join(h.tmp, 'fast-hold.json');
    writeFileSync(policyFile, JSON.stringify(policy));
    // Two invoices of one debtor (their calls merge into one) and one dunned on its own.
    const id = 'CLI-E2E-1';
    const file = join(h.tmp, 'collector.csv');
    writeFileSync(
      file,
      [
        'invoice_id,debtor_id,debtor_name,contact_email,contact_phone,issue_date,due_date,amount',
        `${id},DEBT-CLI,Quincaillerie Morel SARL,compta@morel.example,01 99 00 77 01,2026-10-01,2026-10-31,"1 000,00"`,
        'CLI-E2E-2,DEBT-CLI,Quincaillerie Morel SARL,compta@morel.example,01 99 00 77 01,2026-10-05,2026-11-04,250.00',
      ].join('\n'),
    );
    const started = await cli(['start', '--file', file, '--policy', policyFile]);
    expect(started.stderr).toBe('');
    expect(started.stdout).toMatch(/started:\s+2/);
    const solo = await cli([
      'start', '--invoice-id', 'CLI-E2E-3', '--debtor-id', 'DEBT-SOLO', '--debtor-name', 'Garage Petit EURL', '--email', 'garage@petit.example',
      '--amount', '300', '--issue-date', '2026-10-01', '--due-date', '2026-10-31', '--policy', policyFile, '--per-invoice',
    ]);
    expect(solo.stdout).toContain('started: CLI-E2E-3 is under dunning');

    // The worklist: one row per call to make, the debtor's two invoices on ONE merged call, each
    // row with its score and the parts of the score.
    type Entry = { invoiceId: string; score: number; parts: Array<{ key: string; points: number }>; task: { taskId: string; debtorTaskId?: string } };
    type Call = { callId: string; debtorId: string; score: number; parts: Array<{ key: string; points: number }>; invoices: Entry[]; amountDueCents: number };
    const calls = await eventually(async () => {
      const list = await cliJson<Call[]>(['tasks']);
      const merged = list.find((c) => c.debtorId === 'DEBT-CLI' && c.invoices.length === 2);
      const solo = list.find((c) => c.invoices.some((e) => e.invoiceId === 'CLI-E2E-3'));
      return merged && solo ? { merged, solo } : undefined;
    }, 'the merged call and the single call in the worklist');
    const entry = calls.merged.invoices.find((e) => e.invoiceId === id)!;
    const sibling = calls.merged.invoices.find((e) => e.invoiceId === 'CLI-E2E-2')!;
    expect(entry.parts.map((p) => p.key)).toEqual(expect.arrayContaining(['amount', 'days_past_due', 'customer_risk']));
    expect(entry.score).toBe(entry.parts.reduce((sum, p) => sum + p.points, 0));
    expect(calls.merged.score).toBe(Math.max(entry.score, sibling.score));
    expect(calls.merged.amountDueCents).toBe(125_000);
    expect(entry.task.debtorTaskId).toBeDefined();
    expect(calls.merged.callId).toBe(entry.task.debtorTaskId);
    expect(sibling.task.debtorTaskId).toBe(entry.task.debtorTaskId);
    expect(calls.solo.invoices[0].task.debtorTaskId).toBeUndefined();
    const table = await cli(['tasks']);
    expect(table.stdout).toContain(`${entry.task.debtorTaskId} (one call for 2 invoices)`);
    expect(table.stdout).toMatch(/CLI-E2E-[12], CLI-E2E-[12]/);

    const brief = await cliJson<{ brief: { task: { objective: string }; amounts: { stillDue: { cents: number } } }; script: { sections: unknown[] }; otherInvoices: Array<{ invoice: { invoiceId: string } }> }>(['brief', id]);
    // One call for both invoices of the debtor: the brief covers both.
    expect(brief.otherInvoices.map((o) => o.invoice.invoiceId)).toEqual(['CLI-E2E-2']);
    expect(brief.brief.task.objective).toContain('payment date');
    expect(brief.brief.amounts.stillDue.cents).toBe(100_000);
    expect(brief.script.sections.length).toBeGreaterThan(0);
    // The debtor run wrote ONE brief file for the merged call (recording activities: its path only); tasks and brief name it.
    const mergedFile = `briefs/debtor-DEBT-CLI/${entry.task.debtorTaskId}.md`;
    await eventually(async () => ((await cliJson<{ briefFile?: string }>(['brief', id])).briefFile === mergedFile ? true : undefined), 'the merged brief file in brief --json');
    const withFiles = await cliJson<Array<{ callId: string; briefFile?: string }>>(['tasks']);
    expect(withFiles.find((c) => c.callId === entry.task.debtorTaskId)?.briefFile).toBe(mergedFile);

    const tomorrow = addDays(localDateOf(Date.now(), 'Europe/Paris'), 1);
    // Refused by the workflow's validator, shown plainly, nothing recorded.
    const tooMuch = await cli(['call', id, '--outcome', 'reached', '--promise-date', tomorrow, '--promise-amount', '5000']);
    expect(tooMuch.code).toBe(1);
    expect(tooMuch.stderr).toContain('call outcome rejected: ');
    expect(tooMuch.stderr).toContain('promised amount €5,000.00 is more than the €1,000.00 due');
    const unknownTask = await cli(['call', id, '--outcome', 'reached', '--task-id', 'no-such-task', '--promise-date', tomorrow]);
    expect(unknownTask.code).toBe(1);
    expect(unknownTask.stderr).toContain('unknown call task "no-such-task"');
    // Refused by the CLI before anything is sent.
    const unreached = await cli(['call', id, '--outcome', 'unreached', '--promise-date', tomorrow]);
    expect(unreached.code).toBe(1);
    expect(unreached.stderr).toContain('need a call where someone was reached');
    expect((await status(id)).state.touches).toEqual([]);

    const call = await cli(['call', id, '--outcome', 'reached', '--contact-name', 'Luc Morel', '--reason', 'forgot', '--promise-date', tomorrow, '--promise-amount', '400', '--notes', 'virement demain']);
    expect(call.stderr).toBe('');
    expect(call.code).toBe(0);
    // One merged call: this invoice gets the promise, its sibling the call itself.
    expect(call.stdout).toContain(`call recorded on the debtor's merged call ${entry.task.debtorTaskId}`);
    expect(call.stdout).toMatch(/CLI-E2E-1 \(task .*\): promise/);
    expect(call.stdout).toMatch(/CLI-E2E-2 \(task .*\): reached/);
    const promised = await eventually(async () => {
      const s = (await status(id)).state;
      return s.promises.length ? s : undefined;
    }, 'the promise forwarded by the debtor workflow');
    expect(promised.promises).toEqual([expect.objectContaining({ date: tomorrow, amountCents: 40_000, status: 'pending' })]);
    expect(promised.touches[0]).toMatchObject({ channel: 'call', result: 'reached' });

    expect(promised.openTask).toBeUndefined();

    const siblingState = await eventually(async () => {
      const s = (await status('CLI-E2E-2')).state;
      return s.touches.length ? s : undefined;
    }, 'the merged call on the sibling invoice');
    expect(siblingState.touches[0]).toMatchObject({ channel: 'call', result: 'reached' });
    expect(siblingState.promises).toEqual([]);

    // Per-invoice dunning: the call goes straight to the invoice's workflow.
    const direct = await cli(['call', 'CLI-E2E-3', '--outcome', 'unreached', '--notes', 'voicemail']);
    expect(direct.stderr).toBe('');
    expect(direct.stdout).toContain('call recorded on CLI-E2E-3 (task');
    // The written follow-up of a call goes at once, reached or not (domain.md §4).
    await eventually(async () => ((await status('CLI-E2E-3')).state.touches.some((t) => t.channel === 'email') ? true : undefined), 'the call follow-up email');

    const badPay = await cli(['pay', id, '--amount', 'quatre cents', '--payment-id', 'VIR-0']);
    expect(badPay.code).toBe(1);
    const partial = await cli(['pay', id, '--amount', '400.00', '--payment-id', 'VIR-1']);
    expect(partial.code).toBe(0);
    const kept = await eventually(async () => {
      const s = (await status(id)).state;
      return s.amountDueCents === 60_000 ? s : undefined;
    }, 'the partial payment');
    expect(kept.paymentIds).toEqual(['VIR-1']);
    expect(kept.promises[0].status).toBe('kept');

    // The same payment id again: a duplicate, counted once; more than is due: refused; then the rest.
    const dup = await cli(['pay', id, '--amount', '400.00', '--payment-id', 'VIR-1']);
    expect(dup.code).toBe(0);
    expect(dup.stdout).toContain('duplicate: payment VIR-1 is already recorded');
    const tooMuchPaid = await cli(['pay', id, '--amount', '99999', '--payment-id', 'VIR-9']);
    expect(tooMuchPaid.code).toBe(1);
    expect(tooMuchPaid.stderr).toContain('the payment (€99,999.00) exceeds the amount due on invoice CLI-E2E-1 (€600.00)');
    expect(tooMuchPaid.stderr).toContain('--allow-overpayment');
    const pastPause = await cli(['pause', id, '--reason', 'audit', '--until', localDateOf(Date.now(), 'Europe/Paris')]);
    expect(pastPause.code).toBe(1);
    expect(pastPause.stderr).toContain('a pause must end in the future');
    const notPaused = await cli(['resume', id]);
    expect(notPaused.code).toBe(1);
    expect(notPaused.stderr).toContain('is not paused');
    const rest = await cli(['pay', id, '--amount', '600,00', '--payment-id', 'VIR-2']);
    expect(rest.code).toBe(0);
    expect(rest.stdout).toContain('payment VIR-2 of €600.00 recorded on CLI-E2E-1: €600.00 applied, invoice closed (paid)');
    const paid = await eventually(async () => {
      const s = await status(id);
      return s.status === 'COMPLETED' ? s : undefined;
    }, 'the invoice to close');
    expect(paid.state).toMatchObject({ stage: 'closed', outcome: 'paid', amountDueCents: 0, paidCents: 100_000 });
    const listed = await eventually(async () => {
      const rows = await cliJson<Array<{ invoiceId: string }>>(['list', '--outcome', 'paid']);
      return rows.find((r) => r.invoiceId === id);
    }, 'the paid invoice in list --outcome paid');
    expect(listed).toBeDefined();

    // A closed file takes no more news.
    const late = await cli(['pay', id, '--amount', '1', '--payment-id', 'VIR-3']);
    expect(late.code).toBe(1);
    expect(late.stderr).toContain('is closed');

    // One transfer for the debtor: allocated by its workflow to the open invoice (CLI-E2E-2, 250,00).
    // More than is owed: refused, unless the operator allows it (the excess is then unapplied credit).
    const over = await cli(['pay', '--debtor', 'DEBT-CLI', '--amount', '300', '--payment-id', 'VIR-DEBT-1']);
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('the payment (€300.00) exceeds what debtor DEBT-CLI owes on its open invoices (€250.00)');
    const debtorPay = await cli(['pay', '--debtor', 'DEBT-CLI', '--amount', '300', '--payment-id', 'VIR-DEBT-1', '--allow-overpayment']);
    expect(debtorPay.stderr).toBe('');
    expect(debtorPay.stdout).toContain('sent to debtor DEBT-CLI for allocation');
    expect(debtorPay.stdout).toContain('€50.00 more than is due: kept as unapplied credit');
    const second = await eventually(async () => {
      const s = await status('CLI-E2E-2');
      return s.status === 'COMPLETED' ? s : undefined;
    }, 'the debtor payment allocated to the sibling invoice');
    expect(second.state).toMatchObject({ outcome: 'paid', paidCents: 25_000, paymentIds: ['VIR-DEBT-1/CLI-E2E-2'] });
    expect((await cli(['pay', '--debtor', 'NOBODY', '--amount', '1', '--payment-id', 'X'])).code).toBe(2);
  }, 300_000);

  it('says when an invoice is unknown (exit 2)', async () => {
    for (const args of [['status', 'NOPE-404'], ['pay', 'NOPE-404', '--amount', '10', '--payment-id', 'X'], ['brief', 'NOPE-404'], ['call', 'NOPE-404', '--outcome', 'unreached']]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('no dunning workflow for invoice NOPE-404');
    }
  }, 60_000);

  it('says when the server is unreachable (exit 3)', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const r = await cli(['list'], { TEMPORAL_ADDRESS: address, DUNNING_CONNECT_TIMEOUT_MS: '1500' });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`Temporal server unreachable at ${address}`);
  }, 30_000);
});
