import { randomUUID } from 'node:crypto';
import { savedViewLimitReached, savedViewNameTaken, savedViewNotFound } from '../errors.js';
import { withTransaction, type Db } from '../store/db.js';
import type { SavedViewRecord, SavedViewRepository } from '../store/saved-view.repository.js';

/** How many views one staff member may keep. */
export const SAVED_VIEW_LIMIT = 50;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A staff member's saved views of the queue (a name and the queue's filters). Each call works in a transaction that
 * row-level security confines to the user's own rows, so no query can reach another user's views.
 */
export class SavedViewService {
  constructor(
    private readonly db: Db,
    private readonly views: SavedViewRepository,
  ) {}

  async list(userId: string): Promise<SavedViewRecord[]> {
    return this.as(userId, (tx) => this.views.list(tx, userId));
  }

  async create(userId: string, name: string, filters: Record<string, unknown>, now = new Date()): Promise<SavedViewRecord> {
    const view: SavedViewRecord = { id: randomUUID(), userId, name: name.trim(), filters, createdAt: now };
    return this.as(userId, async (tx) => {
      await this.views.lockUser(tx, userId);
      if ((await this.views.count(tx, userId)) >= SAVED_VIEW_LIMIT) throw savedViewLimitReached(SAVED_VIEW_LIMIT);
      if (!(await this.views.insert(tx, view))) throw savedViewNameTaken(view.name);
      return view;
    });
  }

  async delete(userId: string, id: string): Promise<void> {
    if (!UUID.test(id)) throw savedViewNotFound();
    await this.as(userId, async (tx) => {
      if (!(await this.views.delete(tx, userId, id))) throw savedViewNotFound();
    });
  }

  private as<T>(userId: string, fn: (tx: Parameters<Parameters<typeof withTransaction>[1]>[0]) => Promise<T>): Promise<T> {
    return withTransaction(this.db, async (tx) => {
      await this.views.actAs(tx, userId);
      return fn(tx);
    });
  }
}
