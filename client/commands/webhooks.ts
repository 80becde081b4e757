import type { Command } from 'commander';
import { connect } from '../connection';
import { CliError, EXIT } from '../errors';
import { terminalSafe } from '../output';
import { brevoHook, isBadInput, isTransient, postalHook } from '../webhooks/routes';
import { createWebhookServer } from '../webhooks/server';

interface Opts {
  port: string;
  host: string;
  insecureNoAuth?: boolean;
}

export const SECRET_ENV = 'DUNNING_WEBHOOK_SECRET';

/** The secret, or undefined with --insecure-no-auth; neither is a usage error (nothing starts). */
export function webhookSecret(env: NodeJS.ProcessEnv, insecure: boolean | undefined): string | undefined {
  const secret = env[SECRET_ENV]?.trim();
  if (insecure) return undefined;
  if (!secret || secret.length < 16) throw new CliError(`webhooks: set ${SECRET_ENV} (16 characters or more, e.g. \`openssl rand -hex 32\`), or pass --insecure-no-auth for a local test`, EXIT.usage);
  return secret;
}

export function registerWebhooks(program: Command): void {
  program
    .command('webhooks')
    .description("Run the HTTP endpoint for the providers' webhooks: a registered letter's news (postal) and SMS replies (Brevo STOP)")
    .option('--port <port>', 'port to listen on', '8787')
    .option('--host <host>', 'address to listen on (0.0.0.0 behind a reverse proxy or in a container)', '127.0.0.1')
    .option('--insecure-no-auth', `accept requests without the secret (local tests only: anyone reaching the port can record events)`)
    .addHelpText(
      'after',
      `
Routes:
  POST /webhooks/postal      a registered letter presented, delivered or returned, JSON
                             { reference, event, date, reason?, presentedOn?, trackingNumber?, provider? }
                             (reference: the letter's <workflow id>/<step id>, in the postal log)
  POST /webhooks/sms/brevo   Brevo's SMS webhook ("replies" / "unsubscription" events): a STOP reply
                             stops SMS to that number on every running invoice of the tagged debtor
  GET  /healthz              200 when the endpoint runs

Secret: ${SECRET_ENV} (required). Send it as "Authorization: Bearer <secret>", or as ?token=<secret>
in the URL for providers that can only set a URL (Brevo). Wrong or missing: 401, nothing recorded.
Answers: 200 recorded (or "already" for a repeated delivery, or "ignored" for other events), 400 bad
JSON, 413 body over 64 KB, 415 not JSON, 422 a body that can never be recorded (unknown letter,
refused by every invoice), 503 Temporal unreachable (the provider retries later).
Connection to Temporal as for every command (TEMPORAL_ADDRESS, ...). Put HTTPS in front of it.

Examples:
  $ DUNNING_WEBHOOK_SECRET=$(openssl rand -hex 32) dunning webhooks --port 8787
  Brevo (Transactional SMS > Webhooks, events "Replies" and "Unsubscribed"):
    https://dunning.example.com/webhooks/sms/brevo?token=<secret>
  $ curl -H "Authorization: Bearer $DUNNING_WEBHOOK_SECRET" -H 'content-type: application/json' \\
      -d '{"reference":"dunning-FA-2026-0107/formal_notice","event":"presented","date":"2026-04-30"}' \\
      http://127.0.0.1:8787/webhooks/postal`,
    )
    .action(async (opts: Opts) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new CliError(`--port: "${opts.port}" is not a port number`, EXIT.usage);
      const secret = webhookSecret(process.env, opts.insecureNoAuth);
      if (secret === undefined) console.error('WARNING: --insecure-no-auth: every request is accepted without a secret. Never expose this port.');
      const t = await connect();
      // No postal adapter is configurable yet: the postal route takes the generic body.
      const server = createWebhookServer({ secret, hooks: { postal: postalHook(t), brevo: brevoHook(t) }, isBadInput, isTransient, log: (line) => console.log(terminalSafe(`${new Date().toISOString()} ${line}`)) });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, opts.host, () => resolve());
      }).catch(async (err: Error) => {
        await t.close();
        throw new CliError(`webhooks: cannot listen on ${opts.host}:${port}: ${err.message}`, EXIT.usage);
      });
      const addr = server.address();
      const bound = typeof addr === 'object' && addr ? addr.port : port;
      console.log(`webhooks listening on http://${opts.host}:${bound} (POST /webhooks/postal, POST /webhooks/sms/brevo, GET /healthz)${secret ? '' : ' WITHOUT AUTHENTICATION'}`);
      await new Promise<void>((resolve) => {
        const stop = () => server.close(() => resolve());
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await t.close();
    });
}
