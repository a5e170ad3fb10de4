import { useCallback, useEffect, useRef, useState } from 'react';
import type { Problem } from '../../http.js';
import type { Names } from '../../api.js';
import { useStaffSession } from '../session.js';
import { filtersToQuery, type QueueFilters } from './filters.js';

type Named = { id: string; name: Names } | null;

/** One row of GET /api/v1/staff/complaints. */
export interface QueueItem {
  code: string;
  state: string;
  category: Named;
  office: Named;
  area: Named;
  escalationLevel: number;
  dueAt: string | null;
  overdue: boolean;
  /** Probability (0..1) that the SLA clock runs out before the office is done; null where no office clock runs. */
  breachRisk: number | null;
  assignedOfficerId: string | null;
  submittedAt: string;
  updatedAt: string;
  version: number;
  /** The abuse screen's flag while it marks the complaint (else null). */
  moderation: 'pending' | 'upheld' | null;
  /** The urgency model's guess at intake (its label is the organisation's own word), null without one. */
  urgency: { label: string; confidence: number | null } | null;
}

interface QueuePage {
  items: QueueItem[];
  next: string | null;
}

const PAGE = 50;
/** The most rows one refresh re-reads (the API's page limit). */
const MAX_REFRESH = 200;

/** What changed between two readings of the queue, for the live region. */
export interface QueueChange {
  added: string[];
  changed: number;
}

/**
 * The queue under `filters`: the first page, more on demand, and `refresh()` that re-reads every row shown (as many
 * as were loaded, up to 200) in one request and says what is new, for live updates.
 */
export function useQueue(filters: QueueFilters) {
  const { call } = useStaffSession();
  const query = filtersToQuery(filters);
  // What was read, and for which filters: rows of other filters are never shown, even for a moment.
  const [data, setData] = useState<{ query: string; items: QueueItem[]; next: string | null; problem: Problem | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const current = data?.query === query ? data : null;
  const items = current && !(current.problem && current.items.length === 0) ? current.items : null;
  const next = current?.next ?? null;
  const itemsRef = useRef<QueueItem[] | null>(null);
  useEffect(() => {
    itemsRef.current = items;
  }, [items]);

  const read = useCallback((limit: number, after: string | null) => call<QueuePage>(`/api/v1/staff/complaints?${[query, `limit=${limit}`, after ? `after=${encodeURIComponent(after)}` : ''].filter(Boolean).join('&')}`), [call, query]);
  const settle = useCallback(
    (result: Awaited<ReturnType<typeof read>>, append: boolean) =>
      setData((before) => {
        if (!result.ok) return { query, items: before?.items ?? [], next: null, problem: result.problem };
        const kept = append && before?.query === query ? before.items : [];
        return { query, items: [...kept, ...result.data.items.filter((i) => !kept.some((k) => k.code === i.code))], next: result.data.next, problem: null };
      }),
    [query],
  );

  useEffect(() => {
    let live = true;
    void read(PAGE, null).then((result) => live && settle(result, false));
    return () => {
      live = false;
    };
  }, [read, settle]);

  const loadMore = useCallback(async () => {
    if (!next) return;
    setLoadingMore(true);
    const result = await read(PAGE, next);
    setLoadingMore(false);
    settle(result, true);
  }, [next, read, settle]);

  const refresh = useCallback(async (): Promise<QueueChange | null> => {
    const before = itemsRef.current ?? [];
    const result = await read(Math.min(MAX_REFRESH, Math.max(PAGE, before.length)), null);
    if (!result.ok) return null;
    settle(result, false);
    const known = new Map(before.map((i) => [i.code, i.version]));
    return {
      added: result.data.items.filter((i) => !known.has(i.code)).map((i) => i.code),
      changed: result.data.items.filter((i) => known.has(i.code) && known.get(i.code) !== i.version).length,
    };
  }, [read, settle]);

  return { items, next, problem: current?.problem ?? null, loadingMore, loadMore, refresh };
}

/**
 * Listens to GET /api/v1/staff/queue/live and calls `onChange` (at most once a second, for a burst of notices) when
 * a complaint of the jurisdiction changed or the server asks for a resync; after a lost connection, too.
 */
export function useQueueLive(onChange: (reason: 'queue' | 'resync') => void) {
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  }, [onChange]);
  useEffect(() => {
    const source = new EventSource('/api/v1/staff/queue/live');
    let timer: ReturnType<typeof setTimeout> | null = null;
    let pending: 'queue' | 'resync' = 'queue';
    let broken = false;
    const soon = (reason: 'queue' | 'resync') => {
      if (reason === 'resync') pending = 'resync';
      timer ??= setTimeout(() => {
        timer = null;
        latest.current(pending);
        pending = 'queue';
      }, 1000);
    };
    source.addEventListener('queue', () => soon('queue'));
    source.addEventListener('resync', () => soon('resync'));
    source.addEventListener('error', () => {
      broken = true;
    });
    source.addEventListener('open', () => {
      if (broken) soon('resync');
      broken = false;
    });
    return () => {
      source.close();
      if (timer) clearTimeout(timer);
    };
  }, []);
}
