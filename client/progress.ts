/**
 * Progress of a bulk start on stderr: a live bar on a terminal (cli-progress), and on a pipe or
 * a CI log a plain line every few seconds (a bar redrawn with \r would be unreadable there).
 */
import { Presets, SingleBar } from 'cli-progress';
import type { BulkProgress } from './bulk-start';

export interface ProgressReporter {
  update(p: BulkProgress): void;
  stop(): void;
}

export function progressReporter(total: number, stream: NodeJS.WriteStream = process.stderr, everyMs = 2000): ProgressReporter {
  const t0 = Date.now();
  const rate = (done: number) => Math.round(done / Math.max(0.001, (Date.now() - t0) / 1000));
  if (stream.isTTY) {
    const bar = new SingleBar(
      {
        stream,
        format: ' {bar} {value}/{total} | started {started} | already {already} | failed {failed} | {rate}/s | ETA {eta_formatted}',
        hideCursor: true,
        etaBuffer: 200,
      },
      Presets.shades_classic,
    );
    bar.start(total, 0, { started: 0, already: 0, failed: 0, rate: 0 });
    return {
      update: (p) => bar.update(p.done, { started: p.started, already: p.already, failed: p.failed, rate: rate(p.done) }),
      stop: () => bar.stop(),
    };
  }
  let last = t0;
  let latest: BulkProgress | undefined;
  const line = (p: BulkProgress) =>
    stream.write(`progress: ${p.done}/${p.total} (started ${p.started}, already ${p.already}, failed ${p.failed}, ${rate(p.done)}/s)\n`);
  return {
    update: (p) => {
      latest = p;
      if (Date.now() - last >= everyMs) {
        last = Date.now();
        line(p);
      }
    },
    stop: () => {
      if (latest && latest.done === latest.total && Date.now() - t0 >= everyMs) line(latest);
    },
  };
}
