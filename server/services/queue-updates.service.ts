import type { Db } from '../store/db.js';
import { PgListener } from '../store/listener.js';

/** Where complaints changed: an office (with its department and area) and up to 50 of the codes. */
export interface QueueNotice {
  officeId: string | null;
  departmentId: string | null;
  areaId: string | null;
  codes: string[];
}

/** Told of each change to the complaints of some office; `null` after a lost connection (re-read everything). */
export type QueueListener = (notice: QueueNotice | null) => void;

/**
 * Fans the complaints table's change notices (migration 0008's trigger, channel complaint_queue) out to this
 * process's live staff queues. Every process listens, so a change committed anywhere reaches every console.
 */
export class QueueUpdatesService {
  private readonly subscribers = new Set<QueueListener>();
  private readonly listener: PgListener;

  constructor(db: Db) {
    this.listener = new PgListener(db, 'complaint_queue', (payload) => this.dispatch(payload), () => this.everyone());
  }

  /** Calls `listener` with every notice until the returned function is called. */
  async subscribe(listener: QueueListener): Promise<() => void> {
    await this.listener.start();
    this.subscribers.add(listener);
    return () => this.subscribers.delete(listener);
  }

  /** Stops listening. */
  close(): Promise<void> {
    return this.listener.close();
  }

  private dispatch(payload: string): void {
    let raw: { o?: unknown; d?: unknown; a?: unknown; c?: unknown };
    try {
      raw = JSON.parse(payload) as typeof raw;
    } catch {
      return;
    }
    const text = (v: unknown) => (typeof v === 'string' ? v : null);
    const notice = { officeId: text(raw.o), departmentId: text(raw.d), areaId: text(raw.a), codes: Array.isArray(raw.c) ? raw.c.filter((c): c is string => typeof c === 'string') : [] };
    for (const listener of this.subscribers) listener(notice);
  }

  private everyone(): void {
    for (const listener of this.subscribers) listener(null);
  }
}
