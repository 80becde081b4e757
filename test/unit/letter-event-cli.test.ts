import { describe, expect, it } from 'vitest';
import { CommanderError } from 'commander';
import { buildProgram } from '../../client/cli';
import { CliError } from '../../client/errors';
import { PostalWebhookSchema } from '../../client/letter-events';

/** `dunning letter-event` checks its input before it connects anywhere (no Temporal server in unit tests). */
describe('dunning letter-event', () => {
  const run = (...args: string[]) => buildProgram().configureOutput({ writeErr: () => undefined, writeOut: () => undefined }).parseAsync(['node', 'dunning', 'letter-event', ...args]);

  it('needs --invoice or --reference, not both, not neither', async () => {
    await expect(run('--event', 'presented', '--date', '2027-04-30')).rejects.toThrow(CliError);
    await expect(run('--invoice', 'FA-1', '--reference', 'dunning-FA-1/formal_notice', '--event', 'presented', '--date', '2027-04-30')).rejects.toThrow(/one of them/);
  });

  it('refuses an unknown event, a return reason it does not know, a date that is not one', async () => {
    await expect(run('--invoice', 'FA-1', '--event', 'lost', '--date', '2027-04-30')).rejects.toThrow(CommanderError);
    await expect(run('--invoice', 'FA-1', '--event', 'returned', '--reason', 'moved', '--date', '2027-04-30')).rejects.toThrow(CommanderError);
    await expect(run('--invoice', 'FA-1', '--event', 'presented', '--date', '30/04/2027')).rejects.toThrow(CommanderError);
  });

  it('shows its help with examples', () => {
    let help = '';
    const cmd = buildProgram().commands.find((c) => c.name() === 'letter-event')!;
    cmd.configureOutput({ writeOut: (s) => (help += s) });
    cmd.outputHelp();
    expect(help).toContain('--event <event>');
    expect(help).toContain('avisé non réclamé');
    expect(help).toContain('$ dunning letter-event --invoice FA-2026-0107 --event presented --date 2026-04-30');
  });

  it("the postal webhook's body: the reference the provider was given, the event and its date", () => {
    expect(PostalWebhookSchema.parse({ reference: 'debtor-ACME/letter-3-ab12', event: 'returned', reason: 'unclaimed', date: '2027-05-17', presentedOn: '2027-04-30', provider: 'maileva' })).toMatchObject({ event: 'returned', reason: 'unclaimed' });
    expect(PostalWebhookSchema.safeParse({ reference: 'x/y', event: 'presented', date: '2027-02-30' }).success).toBe(false);
  });
});
