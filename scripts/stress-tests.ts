/**
 * `npm run test:stress -- [--runs N] [--busy K] [--project P] [files...]`: runs the test suite N
 * times in a row while K extra processes keep the CPU busy, and prints passes and failures per test
 * file. A flaky test shows up here as a file with failures; its first error is printed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '5' },
    busy: { type: 'string', default: '2' },
    project: { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log('usage: npm run test:stress -- [--runs 5] [--busy 2] [--project unit|adapters|temporal] [test files...]');
  process.exit(0);
}
const runs = Number(values.runs);
const busy = Number(values.busy);
const root = join(__dirname, '..');

interface FileResult { name: string; status: string; assertionResults: Array<{ status: string; fullName: string; failureMessages: string[] }>; message?: string }

function burner(): ChildProcess {
  // A tight loop in a child process: one core's worth of load each.
  return spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' });
}

function runSuite(outputFile: string): Promise<number> {
  const args = ['vitest', 'run', '--reporter=dot', '--reporter=json', `--outputFile=${outputFile}`];
  for (const p of values.project ?? []) args.push('--project', p);
  args.push(...positionals);
  return new Promise((resolve) => {
    const child = spawn('npx', args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

async function main() {
  const burners = Array.from({ length: busy }, burner);
  const stop = () => burners.forEach((b) => b.kill('SIGKILL'));
  process.on('exit', stop);
  process.on('SIGINT', () => process.exit(130));
  const tmp = mkdtempSync(join(tmpdir(), 'dunning-stress-'));
  const perFile = new Map<string, { pass: number; fail: number; firstError?: string }>();
  const walls: number[] = [];
  try {
    for (let i = 1; i <= runs; i++) {
      const out = join(tmp, `run-${i}.json`);
      const t0 = Date.now();
      const code = await runSuite(out);
      walls.push((Date.now() - t0) / 1000);
      let files: FileResult[] = [];
      try {
        files = (JSON.parse(readFileSync(out, 'utf8')) as { testResults: FileResult[] }).testResults;
      } catch {
        console.log(`run ${i}: no report (vitest exited ${code})`);
      }
      let failed = 0;
      for (const f of files) {
        const name = relative(root, f.name);
        const row = perFile.get(name) ?? { pass: 0, fail: 0 };
        if (f.status === 'passed') row.pass += 1;
        else {
          row.fail += 1;
          failed += 1;
          const bad = f.assertionResults.find((a) => a.status === 'failed');
          row.firstError ??= `${bad?.fullName ?? '(file)'}: ${(bad?.failureMessages[0] ?? f.message ?? '').split('\n')[0]}`;
        }
        perFile.set(name, row);
      }
      console.log(`run ${i}/${runs}: ${files.length - failed} files passed, ${failed} failed, ${walls[walls.length - 1].toFixed(0)} s (exit ${code})`);
    }
  } finally {
    stop();
    rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`\n${runs} runs under ${busy} busy process(es); wall per run: ${walls.map((w) => w.toFixed(0)).join(', ')} s`);
  const width = Math.max(...[...perFile.keys()].map((k) => k.length));
  for (const [name, r] of [...perFile.entries()].sort((a, b) => b[1].fail - a[1].fail || a[0].localeCompare(b[0]))) {
    console.log(`${name.padEnd(width)}  ${String(r.pass).padStart(3)} passed  ${String(r.fail).padStart(3)} failed${r.firstError ? `  first: ${r.firstError.slice(0, 160)}` : ''}`);
  }
  const failures = [...perFile.values()].reduce((t, r) => t + r.fail, 0);
  console.log(`stress: ${runs} runs, ${failures} file failure(s)`);
  process.exit(failures ? 1 : 0);
}

void main();
