import { join } from 'node:path';
import type { Command } from 'commander';
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
    .description('Start the sample invoices (examples/invoices.csv) with the fast policy: a whole scenario in about a minute')
    .option('--tag <tag>', 'prefix of the demo invoice ids, so the demo can run again (default: the time of day)')
    .option('--concurrency <n>', 'starts in flight at once', positiveIntArg, 8)
    .option('--coordinated', "merge each debtor's touches through its debtor workflow, as `dunning start` does by default")
    .addHelpText(
      'after',
      `
Examples:
  $ npm start            # in another terminal: dev server, Web UI and worker
  $ dunning demo
  $ dunning demo --tag D1 && dunning tasks

The fast policy (examples/fast-policy.json) counts in seconds from the start: call tasks open
after 2 s, emails and letters follow, the formal notice goes at +40 s and unanswered files
are handed to litigation a few seconds later. Answer a call task in time to change the course.`,
    )
    .action(async (opts: { tag?: string; concurrency: number; coordinated?: boolean }) => {
      const tag = opts.tag ?? `DEMO${new Date().toTimeString().slice(0, 8).replace(/:/g, '')}`;
      if (!/^[A-Za-z0-9]+$/.test(tag)) throw usageError('--tag: letters and digits only');
      const policy = loadPolicyFile(join(EXAMPLES, 'fast-policy.json'));
      const parsed = readInvoiceFile(join(EXAMPLES, 'invoices.csv'));
      if (parsed.invalid.length) throw new CliError(`examples/invoices.csv is invalid: ${parsed.invalid.flatMap(describeInvalidRow).join('; ')}`, EXIT.usage);
      const items = parsed.valid.map((v) => ({ ...v, invoice: { ...v.invoice, invoiceId: `${tag}-${v.invoice.invoiceId}` } }));
      await withTemporal(async (t) => {
        // Per invoice unless asked: with deadlines of seconds, a merged touch can come back after the
        // invoice moved on, and the debtor does not perform it again (reported; see README "CLI").
        const s = await bulkStart(t.client, items, { taskQueue: t.settings.taskQueue, policy: policy.raw, concurrency: opts.concurrency, coordinated: Boolean(opts.coordinated) });
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
          ].join('\n'),
        );
        if (s.failed) throw new CliError(`${s.failed} demo invoice(s) could not be started`, EXIT.usage);
      });
    });
}
