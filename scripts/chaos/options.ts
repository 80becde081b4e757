/** Command-line options of `npm run chaos` (run.ts). */
import { parseArgs } from 'node:util';

export interface ChaosOptions {
  invoices: number;
  kills: number;
  coordinatedShare: number;
  debtors: number;
  seed: number;
  serverKill: boolean;
  /** Seconds after the harness starts: runs still open then are stuck (bounds the wall time). */
  deadlineS: number;
  /** Seconds a worker lives before it is SIGKILLed: uniform in [min, max], counted from its start. */
  killEveryS: { min: number; max: number };
  /** Fake SendGrid answer time, ms. */
  latencyMs: { min: number; max: number };
  policy: string;
  /** Keep the run's folder (server database, logs, outbox) even when the run passes. */
  keep: boolean;
  /** Seconds between progress lines. */
  progressEveryS: number;
}

export const USAGE = `usage: npm run chaos -- [options]
  --invoices N            invoices to dun (default 40)
  --kills N               worker SIGKILLs (default 30)
  --coordinated-share X   share of coordinated invoices, 0..1 (default 0.5); the rest run --per-invoice
  --debtors N             debtors the coordinated invoices are spread over (default 6)
  --seed N                seed of the invoices, kill times and provider latency (default: random, printed)
  --server-kill           also SIGKILL the Temporal dev server once, mid-run, and restart it on its database
  --deadline S            stop waiting for the runs S seconds after the harness started (default 600);
                          runs still open then are stuck. The audit and the shutdown take a few seconds more
  --kill-every MIN-MAX    seconds a worker lives before its SIGKILL (default 2-5)
  --latency MIN-MAX       fake SendGrid answer time in ms (default 100-1000)
  --policy FILE           dunning policy (default examples/fast-policy.json)
  --progress S            seconds between progress lines (default 5)
  --keep                  keep the run's folder even when the run passes (it is kept when it fails)`;

function range(v: string, what: string): { min: number; max: number } {
  const m = /^(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?$/.exec(v);
  if (!m) throw new Error(`${what}: expected MIN-MAX, got "${v}"`);
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : Number(m[2]);
  if (max < min) throw new Error(`${what}: MAX below MIN in "${v}"`);
  return { min, max };
}

function count(v: string, what: string, min = 0): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`${what}: expected an integer >= ${min}, got "${v}"`);
  return n;
}

export function parseChaosOptions(argv: string[]): ChaosOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      invoices: { type: 'string', default: '40' },
      kills: { type: 'string', default: '30' },
      'coordinated-share': { type: 'string', default: '0.5' },
      debtors: { type: 'string', default: '6' },
      seed: { type: 'string' },
      'server-kill': { type: 'boolean', default: false },
      deadline: { type: 'string', default: '600' },
      'kill-every': { type: 'string', default: '2-5' },
      latency: { type: 'string', default: '100-1000' },
      policy: { type: 'string', default: 'examples/fast-policy.json' },
      progress: { type: 'string', default: '5' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const share = Number(values['coordinated-share']);
  if (!(share >= 0 && share <= 1)) throw new Error(`--coordinated-share: expected 0..1, got "${values['coordinated-share']}"`);
  return {
    invoices: count(values.invoices, '--invoices', 1),
    kills: count(values.kills, '--kills'),
    coordinatedShare: share,
    debtors: count(values.debtors, '--debtors', 1),
    seed: values.seed === undefined ? Math.floor(Math.random() * 1_000_000) : count(values.seed, '--seed'),
    serverKill: values['server-kill'],
    deadlineS: count(values.deadline, '--deadline', 1),
    killEveryS: range(values['kill-every'], '--kill-every'),
    latencyMs: range(values.latency, '--latency'),
    policy: values.policy,
    keep: values.keep,
    progressEveryS: count(values.progress, '--progress', 1),
  };
}
