import type pg from 'pg';
import { withTransaction, type Db } from '../store/db.js';

type Tx = pg.PoolClient;

/** What one processing round of an inbound channel did. */
export interface InboundRound {
  processed: number;
  retried: number;
}

/**
 * Works through a queue one item at a time, up to `limit`: each item is locked (skipping any another worker holds),
 * handled and settled in its own transaction, and what was done is counted by kind. Stops when nothing is due.
 * The inbound channels and the outbox share it.
 */
export async function workThrough<T, K extends string>(db: Db, limit: number, round: Record<K, number>, lockNext: (tx: Tx) => Promise<T | null>, handle: (tx: Tx, item: T) => Promise<K>): Promise<Record<K, number>> {
  for (let i = 0; i < limit; i++) {
    const outcome = await withTransaction(db, async (tx) => {
      const item = await lockNext(tx);
      return item ? handle(tx, item) : null;
    });
    if (!outcome) break;
    round[outcome] += 1;
  }
  return round;
}

/**
 * Runs a processing round in the background, one at a time per process: a round asked for while one runs makes
 * that one go round once more rather than starting a second. Used by the inbound channel loops after a webhook is
 * answered; the durable job loop picks up anything a process never got to.
 */
export class BackgroundRounds {
  private running: Promise<unknown> = Promise.resolve();
  private again = false;
  private busy = false;

  constructor(
    private readonly round: () => Promise<unknown>,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Starts a round now, or once more after the one running. */
  kick(): void {
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    this.running = (async () => {
      do {
        this.again = false;
        await this.round().catch(this.onError);
      } while (this.again);
      this.busy = false;
    })();
  }

  /** Resolves when no round is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.busy) await this.running;
  }
}
