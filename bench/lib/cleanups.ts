import os from 'node:os';

/** Something to undo at the end of a run. */
export type Cleanup = () => Promise<void>;

/** Cleanups run once, last added first, whether the run ends normally, fails, or is interrupted. */
export class Cleanups {
  private readonly stack: Cleanup[] = [];
  private running: Promise<void> | null = null;

  /** Registers a cleanup; once cleaning has begun (e.g. Ctrl-C mid-start), runs it as soon as the others are done. */
  add(cleanup: Cleanup): void {
    if (this.running) void this.running.then(() => cleanup().catch(report));
    else this.stack.push(cleanup);
  }

  /** Runs every cleanup; later calls wait for the same run. */
  run(): Promise<void> {
    this.running ??= this.drain();
    return this.running;
  }

  private async drain(): Promise<void> {
    for (const cleanup of this.stack.splice(0).reverse()) await cleanup().catch(report);
  }
}

function report(error: unknown): void {
  console.error(`cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
}

/**
 * A bench's entry: runs `bench` with cleanups that also run on Ctrl-C or SIGTERM, prints each problem it returns (or
 * the error it throws) as FAILED, and resolves to the exit code: 0 when there were none, 1 otherwise.
 */
export async function runBench(bench: (cleanups: Cleanups) => Promise<string[]>): Promise<number> {
  const cleanups = new Cleanups();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      console.error(`\n${signal}: cleaning up`);
      void cleanups.run().finally(() => process.exit(128 + os.constants.signals[signal]));
    });
  }
  try {
    const failures = await bench(cleanups);
    for (const failure of failures) console.error(`FAILED: ${failure}`);
    return failures.length > 0 ? 1 : 0;
  } catch (error) {
    console.error(`FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  } finally {
    await cleanups.run();
  }
}
