/**
 * `dunning`: the command line of finance ops (start, status, list, pay, dispute, pause...) and
 * collectors (tasks, brief, call). One file per command in commands/. Exit codes: 0 ok,
 * 1 usage or validation, 2 not found, 3 Temporal server unreachable (errors.ts).
 */
import { Command, CommanderError } from 'commander';
import { registerApprove } from './commands/approve';
import { registerBrief } from './commands/brief';
import { registerCall } from './commands/call';
import { registerContact } from './commands/contact';
import { registerDemo } from './commands/demo';
import { registerDispute } from './commands/dispute';
import { registerInsolvency } from './commands/insolvency';
import { registerLetterEvent } from './commands/letter-event';
import { registerLifecycle } from './commands/lifecycle';
import { registerList } from './commands/list';
import { registerPay } from './commands/pay';
import { registerPurge } from './commands/purge';
import { registerReport } from './commands/report';
import { registerSmsStop } from './commands/sms-stop';
import { registerRouteSheet } from './commands/route-sheet';
import { registerStart } from './commands/start';
import { registerStatus } from './commands/status';
import { registerTasks } from './commands/tasks';
import { registerVisit } from './commands/visit';
import { registerWebhooks } from './commands/webhooks';
import { isUnavailable } from './connection';
import { CliError, describeError, EXIT } from './errors';
import { terminalSafe } from './output';

export function buildProgram(): Command {
  const program = new Command('dunning')
    .description('Dunning of unpaid invoices on Temporal: one durable workflow per invoice.')
    .version('0.1.0')
    .showHelpAfterError('(add --help for usage and examples)')
    .addHelpText(
      'after',
      `
Finance ops:  start, status, list, pay, dispute open|resolve, pause, resume, cancel, contact, insolvency, letter-event, sms-stop, purge
Providers:    webhooks (the endpoint for the postal provider's and Brevo's webhooks)
Collectors:   tasks, brief, call
Field:        tasks --kind visit, visit, route-sheet
Approvers:    tasks --kind approval, approve
Try it:       demo

Connection from TEMPORAL_ADDRESS (default localhost:7233), TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE,
TEMPORAL_API_KEY / TEMPORAL_TLS_* (see docs/operations.md).
Exit codes: 0 ok, 1 usage or validation error, 2 invoice not found, 3 Temporal server unreachable.

Examples:
  $ dunning start --file examples/invoices.csv
  $ dunning list --stage reminding --min-days 30
  $ dunning tasks --assignee collector
  $ dunning brief FA-2026-0107
  $ dunning call FA-2026-0107 --outcome reached --promise-date 2026-05-15 --promise-amount 1200`,
    );
  for (const register of [
    registerStart,
    registerStatus,
    registerList,
    registerReport,
    registerPay,
    registerDispute,
    registerLifecycle,
    registerContact,
    registerSmsStop,
    registerInsolvency,
    registerLetterEvent,
    registerTasks,
    registerBrief,
    registerCall,
    registerVisit,
    registerRouteSheet,
    registerApprove,
    registerDemo,
    registerPurge,
    registerWebhooks,
  ]) {
    register(program);
  }
  // Commander's own errors (unknown option, bad value) must not exit before we pick the code.
  const override = (cmd: Command) => {
    cmd.exitOverride();
    cmd.commands.forEach(override);
  };
  override(program);
  return program;
}

export async function main(argv: string[] = process.argv): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are successes; commander already printed its message otherwise.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof CliError) {
      console.error(terminalSafe(`error: ${err.message}`));
      return err.exitCode;
    }
    if (isUnavailable(err)) {
      console.error(terminalSafe(`error: Temporal server unreachable: ${describeError(err)}`));
      return EXIT.unreachable;
    }
    console.error(terminalSafe(`error: ${describeError(err)}`));
    return EXIT.usage;
  }
}

if (require.main === module) {
  void main().then((code) => {
    process.exitCode = code;
  });
}
