import { join } from 'node:path';
import type { Command } from 'commander';
import { localDateOf } from '../../domain/time/calendar';
import { bulkStart } from '../bulk-start';
import { withTemporal } from '../connection';
import { CliError, EXIT, usageError } from '../errors';
import { positiveIntArg } from '../flags';
import { describeInvalidRow, readInvoiceFile } from '../invoice-file';
import { loadPolicyFile } from '../policy-file';
import { print } from '../output';

const EXAMPLES = join(__dirname, '..', '..', 'examples');

/** Where the Web UI of the local dev server shows these runs (npm start puts it on :8233). */
export function webUiUrl(address: string, namespace: string, query: string): string | undefined {
  const [host] = address.split(':');
  if (!['localhost', '127.0.0.1', '::1'].includes(host)) return undefined;
  const port = process.env.TEMPORAL_UI_PORT ?? '8233';
  return `http://localhost:${port}/namespaces/${encodeURIComponent(namespace)}/workflows?query=${encodeURIComponent(query)}`;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Start the sample invoices (examples/invoices.csv) in the default coordinated mode, with a policy in minutes: time to answer each call task')
    .option('--tag <tag>', 'prefix of the demo invoice ids, so the demo can run again (default: the time of day)')
    .option('--concurrency <n>', 'starts in flight at once', positiveIntArg, 8)
    .option('--per-invoice', 'dun each invoice on its own (no debtor workflow), unlike `dunning start`')
    .option('--fast', 'the policy in seconds (examples/fast-policy.json, per invoice): a whole scenario in about a minute, too fast to answer a call by hand')
    .addHelpText(
      'after',
      `
Examples:
  $ npm start            # in another terminal: dev server, Web UI and worker
  $ dunning demo
  $ dunning demo --tag D1 && dunning tasks

The demo runs like production: one debtor workflow per debtor merges its invoices' emails,
letters and calls. Its policy (examples/demo-policy.json) uses every channel and counts in minutes
from the start: the first call task opens after 1 min and waits 5 min for its outcome (dunning
tasks, dunning call), an email at +3, an SMS at +8 (outbox/sms/ without a Brevo key), a letter at
+12 that also puts the account on hold (outbox/account-holds/), a field visit at +20 (dunning tasks
--kind visit, dunning route-sheet, dunning visit), and the formal notice is due at +27 min and waits
for your approval, as this policy asks (dunning tasks --kind approval, dunning approve; the default
policy has no approval step; --fast: none either). Answer a call to change the course.`,
    )
    .action(async (opts: { tag?: string; concurrency: number; perInvoice?: boolean; fast?: boolean }) => {
      const tag = opts.tag ?? `DEMO${new Date().toTimeString().slice(0, 8).replace(/:/g, '')}`;
      if (!/^[A-Za-z0-9]+$/.test(tag)) throw usageError('--tag: letters and digits only');
      const mode = demoMode(opts);
      const policy = loadPolicyFile(join(EXAMPLES, mode.policyFile));
      const parsed = readInvoiceFile(join(EXAMPLES, 'invoices.csv'));
      if (parsed.invalid.length) throw new CliError(`examples/invoices.csv is invalid: ${parsed.invalid.flatMap(describeInvalidRow).join('; ')}`, EXIT.usage);
      const items = parsed.valid.map((v) => ({ ...v, invoice: { ...v.invoice, invoiceId: `${tag}-${v.invoice.invoiceId}` } }));
      await withTemporal(async (t) => {
        const s = await bulkStart(t.client, items, { taskQueue: t.settings.taskQueue, policy: policy.raw, concurrency: opts.concurrency, coordinated: mode.coordinated });
        print(`demo ${tag}: ${s.started} started, ${s.already} already under dunning, ${s.failed} failed (policy "${policy.parsed.name}")`);
        for (const r of s.results.filter((x) => x.status === 'failed')) print(`  failed: ${r.invoiceId}: ${r.error}`);
        const url = webUiUrl(t.settings.address, t.settings.namespace, `WorkflowId STARTS_WITH "dunning-${tag}-"`);
        print(
          [
            '',
            url ? `Web UI: ${url}` : `Web UI: open your cluster's UI, namespace ${t.settings.namespace}, and search WorkflowId STARTS_WITH "dunning-${tag}-"`,
            '  each run shows its summary, current details (stage, amount due, next step) and every timer, signal and update.',
            'Then, while it runs (a worker must be polling task queue "' + t.settings.taskQueue + '": npm start):',
            `  dunning list --debtor ${items[0].invoice.debtor.debtorId}`,
            '  dunning tasks',
            `  dunning brief ${items[0].invoice.invoiceId}`,
            `  dunning call ${items[0].invoice.invoiceId} --outcome reached --reason forgot --promise-date <YYYY-MM-DD>`,
            `  dunning pay ${items[1].invoice.invoiceId} --amount <amount> --payment-id DEMO-PAY-1`,
            `  dunning status ${items[0].invoice.invoiceId}`,
            `  dunning tasks --kind visit         # from +20 min: field visits (docs/field.md)`,
            `  dunning route-sheet --agent "Marc Petit" --date ${localDateOf(Date.now(), policy.parsed.calendar.timeZone)}`,
            `  dunning tasks --kind approval      # from +27 min: formal notices waiting (docs/field.md)`,
            `  dunning approve --invoice ${items[0].invoice.invoiceId} --decision approve`,
          ].join('\n'),
        );
        if (s.failed) throw new CliError(`${s.failed} demo invoice(s) could not be started`, EXIT.usage);
      });
    });
}

/**
 * The demo shows what production does: the coordinated mode, with call tasks a person can answer.
 * --fast keeps the policy in seconds, per invoice only: with deadlines of seconds a merged touch can
 * come back after the invoice moved on.
 */
export function demoMode(opts: { perInvoice?: boolean; fast?: boolean }): { policyFile: string; coordinated: boolean } {
  if (opts.fast) return { policyFile: 'fast-policy.json', coordinated: false };
  return { policyFile: 'demo-policy.json', coordinated: !opts.perInvoice };
}
