import { EVENTS_CHANNEL } from '../store/complaint-intake.repository.js';
import type { Db } from '../store/db.js';
import { PgListener } from '../store/listener.js';

/** Told the latest seq of a complaint whenever new events of it are committed, by any process. */
export type EventListener = (seq: number) => void;

/**
 * Fans complaint events out to this process's live clients (SSE). Every process LISTENs on PostgreSQL, so an
 * event committed by one process reaches clients connected to any other; the listening connection is opened
 * with the first subscriber, so processes without live clients hold none.
 */
export class LiveUpdatesService {
  private readonly subscribers = new Map<string, Set<EventListener>>();
  private readonly listener: PgListener;

  constructor(db: Db) {
    this.listener = new PgListener(db, EVENTS_CHANNEL, (payload) => this.dispatch(payload), () => this.everyone());
  }

  /** Calls `listener` with each new event's seq for this complaint until the returned function is called. */
  async subscribe(complaintId: string, listener: EventListener): Promise<() => void> {
    await this.listener.start();
    const set = this.subscribers.get(complaintId) ?? new Set();
    set.add(listener);
    this.subscribers.set(complaintId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.subscribers.delete(complaintId);
    };
  }

  /** Live clients connected to this process. */
  get clientCount(): number {
    let n = 0;
    for (const set of this.subscribers.values()) n += set.size;
    return n;
  }

  /** Stops listening. */
  close(): Promise<void> {
    return this.listener.close();
  }

  private dispatch(payload: string): void {
    let notice: { c?: unknown; s?: unknown };
    try {
      notice = JSON.parse(payload) as { c?: unknown; s?: unknown };
    } catch {
      return;
    }
    if (typeof notice.c !== 'string' || typeof notice.s !== 'number') return;
    for (const listener of this.subscribers.get(notice.c) ?? []) listener(notice.s);
  }

  // After a lost connection nobody knows what was missed: every client re-reads from its last seq.
  private everyone(): void {
    for (const set of this.subscribers.values()) for (const listener of set) listener(Number.MAX_SAFE_INTEGER);
  }
}
