import type pg from 'pg';
import type { Db } from './db.js';

/**
 * Holds one pooled connection LISTENing on a channel and hands each notice to `onNotice`. If the connection
 * drops, it takes another after a pause and tells `onReconnect` (listeners then re-read what they may have missed).
 */
export class PgListener {
  private client: pg.PoolClient | null = null;
  private closed = false;
  private starting: Promise<void> | null = null;
  private reconnecting = false;

  constructor(
    private readonly db: Db,
    private readonly channel: string,
    private readonly onNotice: (payload: string) => void,
    private readonly onReconnect: () => void = () => undefined,
  ) {}

  /** Starts listening (once; later calls wait for the same start). */
  start(): Promise<void> {
    this.starting ??= this.connect();
    return this.starting;
  }

  private async connect(): Promise<void> {
    const client = await this.db.connect();
    client.on('notification', (message) => {
      if (message.channel === this.channel && message.payload) this.onNotice(message.payload);
    });
    // A broken client may report more than one error; only the first, for the client in use, counts.
    client.on('error', () => this.lost(client));
    try {
      await client.query(`listen ${this.channel}`);
    } catch (error) {
      client.release(true);
      throw error;
    }
    this.client = client;
  }

  // Each client is given back exactly once, and one reconnection at a time is scheduled.
  private lost(client: pg.PoolClient | null): void {
    if (client !== null) {
      if (this.client !== client) return;
      this.client = null;
      client.release(true);
    }
    if (this.closed || this.reconnecting) return;
    this.reconnecting = true;
    setTimeout(() => {
      this.reconnecting = false;
      if (this.closed) return;
      this.starting = this.connect().then(this.onReconnect, () => this.lost(null));
    }, 1000).unref();
  }

  /** Stops listening and gives the connection back. */
  async close(): Promise<void> {
    this.closed = true;
    await this.starting?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    if (client) {
      await client.query(`unlisten ${this.channel}`).catch(() => undefined);
      client.release();
    }
  }
}
