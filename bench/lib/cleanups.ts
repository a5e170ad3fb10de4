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
