/**
 * Reads a table page by page with keyset pagination (each page asks for rows after the last one seen), one row at a
 * time for the caller, with the next page already requested while the caller works through the current one. Memory
 * holds at most two pages, however many rows there are.
 */
export class KeysetReader<T> {
  private page: T[] = [];
  private index = 0;
  private next: Promise<T[]> | null;

  /** `fetch(last)` returns up to `pageSize` rows after `last` (null: from the start), in key order. */
  constructor(
    private readonly fetch: (last: T | null) => Promise<T[]>,
    private readonly pageSize: number,
  ) {
    this.next = this.request(null);
  }

  /** True when a row is ready without waiting (then `row` is it). */
  hasRow(): boolean {
    return this.index < this.page.length;
  }

  /** The current row; only call after hasRow() or loadMore() said there is one. */
  get row(): T {
    return this.page[this.index] as T;
  }

  /** Moves to the next row. */
  advance(): void {
    this.index += 1;
  }

  /** Waits for the next page; false when there are no more rows. */
  async loadMore(): Promise<boolean> {
    if (this.hasRow()) return true;
    if (!this.next) return false;
    this.page = await this.next;
    this.index = 0;
    const last = this.page[this.page.length - 1];
    // A short page is the last one; otherwise ask for the next now, so the database works while the caller does.
    this.next = last !== undefined && this.page.length >= this.pageSize ? this.request(last) : null;
    return this.page.length > 0;
  }

  private request(last: T | null): Promise<T[]> {
    const promise = this.fetch(last);
    // If the caller stops early (an error elsewhere), a failed prefetch must not become an unhandled rejection.
    promise.catch(() => undefined);
    return promise;
  }
}
