/** Where progress lines go: stderr, so stdout stays the command's answer. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** Reports how far long work has come. */
export interface Progress {
  /** The latest count for a phase; `total` is an estimate when known. */
  update(phase: string, done: number, total: number | null): void;
  /** Ends the progress output (clears the live line on a terminal). */
  end(): void;
}

/**
 * Progress on stderr: on a terminal one live line redrawn a few times a second; otherwise (logs, cron) a line
 * every `lineEveryMs` once the work has run that long, so a short run prints nothing and a long one shows it lives.
 */
export function stderrProgress(stream: ProgressStream = process.stderr, options: { lineEveryMs?: number; now?: () => number } = {}): Progress {
  const now = options.now ?? (() => performance.now());
  const every = options.lineEveryMs ?? 10_000;
  const started = now();
  let last = started;
  let live = false;
  let phaseNow = { name: '', started };
  const line = (phase: string, done: number, total: number | null) => {
    const seconds = (now() - started) / 1000;
    // The rate of this phase alone: phases count different things (events, entries, anchors).
    const phaseSeconds = (now() - phaseNow.started) / 1000;
    const rate = phaseSeconds > 0 ? Math.round(done / phaseSeconds) : 0;
    const share = total && total > 0 ? ` of ~${total.toLocaleString('en')} (${Math.min(99, Math.floor((done / total) * 100))}%)` : '';
    return `${phase}: ${done.toLocaleString('en')}${share}, ${rate.toLocaleString('en')}/s, ${seconds.toFixed(0)} s`;
  };
  return {
    update(phase, done, total) {
      const t = now();
      if (phase !== phaseNow.name) phaseNow = { name: phase, started: phaseNow.name === '' ? started : t };
      if (stream.isTTY) {
        if (t - last < 200) return;
        last = t;
        live = true;
        stream.write(`\r\x1b[2K${line(phase, done, total)}`);
      } else if (t - last >= every) {
        last = t;
        stream.write(`${line(phase, done, total)}\n`);
      }
    },
    end() {
      if (live) stream.write('\r\x1b[2K');
      live = false;
    },
  };
}
