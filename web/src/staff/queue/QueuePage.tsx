import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { localName } from '../../i18n/languages.js';
import { useMessages } from '../../i18n/messages.js';
import { Link } from '../../router.js';
import { useSignedIn, useStaffSession } from '../session.js';
import { BulkAssign, type Officer } from './BulkAssign.js';
import { durationParts, filtersToQuery, parseFilters, STATES, type QueueFilters } from './filters.js';
import { QueueFilterControls } from './QueueFilters.js';
import { queueMessages } from './queue.messages.js';
import { SavedViews } from './SavedViews.js';
import { useQueue, useQueueLive, type QueueItem, type QueueChange } from './useQueue.js';
import './queue.css';

const TICK_MS = 30_000;
const DAY_MS = 86_400_000;
const BULK_ROLES = ['head_of_office', 'department_monitor', 'provincial_monitor'];

type T = ReturnType<typeof useMessages<keyof typeof queueMessages.en>>;

/** The clock the countdowns read, moving every 30 seconds. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** Time left to the deadline, or overdue by: in words as well as colour (colour is never the only sign). */
function SlaCell({ item, now, t, number }: { item: QueueItem; now: number; t: T; number: (n: number) => string }) {
  if (item.state === 'awaiting_citizen') return <span className="sla sla-paused">{t('sla.paused')}</span>;
  if (!item.dueAt) return <span className="sla">{t('sla.none')}</span>;
  const left = Date.parse(item.dueAt) - now;
  const { days, hours, minutes } = durationParts(left);
  const time = days > 0 ? t('duration.days', { days: number(days), hours: number(hours) }) : hours > 0 ? t('duration.hours', { hours: number(hours), minutes: number(minutes) }) : t('duration.minutes', { minutes: number(minutes) });
  if (left <= 0) return <span className="sla sla-overdue">{t('sla.overdue', { time })}</span>;
  return <span className={`sla ${left < DAY_MS ? 'sla-soon' : 'sla-ok'}`}>{t('sla.left', { time })}</span>;
}

/** Breach risks at or above these are "high" and "medium" (docs/AI.md). */
const RISK_HIGH = 0.6;
const RISK_MEDIUM = 0.3;

/** The forecast that the deadline will be missed: a level in words and the percentage, colour only repeating them. */
function RiskCell({ risk, t, number }: { risk: number | null; t: T; number: (n: number) => string }) {
  if (risk === null) return <span className="risk risk-none">{t('risk.none')}</span>;
  const percent = `${number(Math.round(risk * 100))}%`;
  const level = risk >= RISK_HIGH ? 'high' : risk >= RISK_MEDIUM ? 'medium' : 'low';
  return <span className={`risk risk-${level}`}>{t(`risk.${level}`, { percent })}</span>;
}

/** The loaded rows in the chosen order: the server's (deadline), or breach risk highest first (unforecast last). */
export function sortQueue(items: QueueItem[], by: 'due' | 'risk'): QueueItem[] {
  if (by === 'due') return items;
  return [...items].sort((a, b) => (b.breachRisk ?? -1) - (a.breachRisk ?? -1));
}

/** Officers of the offices shown, for names in the "assigned to" column and for bulk assignment. */
function useOfficers(officeIds: string[]): Map<string, Officer[]> {
  const { call } = useStaffSession();
  const [byOffice, setByOffice] = useState<Map<string, Officer[]>>(new Map());
  const asked = useRef(new Set<string>());
  const key = [...new Set(officeIds)].sort().join('|');
  useEffect(() => {
    for (const officeId of key ? key.split('|') : []) {
      if (asked.current.has(officeId)) continue;
      asked.current.add(officeId);
      void call<{ officers: Officer[] }>(`/api/v1/staff/offices/${encodeURIComponent(officeId)}/officers`).then((result) => {
        if (result.ok) setByOffice((current) => new Map(current).set(officeId, result.data.officers));
      });
    }
  }, [key, call]);
  return byOffice;
}

/** The filters in the address bar: read at first and on back/forward, written on every change (bookmarkable). */
function useUrlFilters(): [QueueFilters, (filters: QueueFilters) => void] {
  const [filters, setFilters] = useState<QueueFilters>(() => parseFilters(window.location.search));
  useEffect(() => {
    const onPop = () => setFilters(parseFilters(window.location.search));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const change = useCallback((next: QueueFilters) => {
    const query = filtersToQuery(next);
    window.history.replaceState(null, '', `${window.location.pathname}${query ? `?${query}` : ''}`);
    setFilters(parseFilters(query));
  }, []);
  return [filters, change];
}

function changeText(t: T, change: QueueChange | null, reason: 'queue' | 'resync'): string | null {
  if (reason === 'resync') return t('live.resync');
  if (!change) return null;
  if (change.added.length > 0) return t('live.new', { codes: change.added.join(', ') });
  return change.changed > 0 ? t('live.changed', { count: change.changed }) : null;
}

/** The queue's table: one row per complaint, with a checkbox for bulk assignment where the role has it. */
function QueueTable(props: { items: QueueItem[]; now: number; sortedBy: 'due' | 'risk'; canBulk: boolean; selected: Set<string>; onSelect: (selected: Set<string>) => void; officerName: (id: string | null) => string }) {
  const { items, now, sortedBy, canBulk, selected, onSelect, officerName } = props;
  const t = useMessages(queueMessages);
  const { language, number } = useI18n();
  const toggle = (code: string, on: boolean) => onSelect(on ? new Set(selected).add(code) : new Set([...selected].filter((c) => c !== code)));
  const allSelected = items.length > 0 && items.every((i) => selected.has(i.code));
  const stateName = (state: string) => ((STATES as readonly string[]).includes(state) ? t(`state.${state as (typeof STATES)[number]}`) : state);
  const name = (named: QueueItem['category']) => (named ? localName(named.name, language) : '—');
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="queue-caption">
      <table className="data queue-table">
        <caption id="queue-caption">{t('table.caption')}</caption>
        <thead>
          <tr>
            {canBulk && (
              <th scope="col">
                <input type="checkbox" aria-label={t('table.selectAll')} checked={allSelected} onChange={(e) => onSelect(e.target.checked ? new Set(items.map((i) => i.code)) : new Set())} />
              </th>
            )}
            <th scope="col">{t('table.code')}</th>
            <th scope="col">{t('table.category')}</th>
            <th scope="col">{t('table.area')}</th>
            <th scope="col">{t('table.office')}</th>
            <th scope="col">{t('table.state')}</th>
            <th scope="col">{t('table.escalation')}</th>
            <th scope="col">{t('table.assignee')}</th>
            <th scope="col" aria-sort={sortedBy === 'due' ? 'ascending' : undefined}>
              {t('table.due')}
            </th>
            <th scope="col" aria-sort={sortedBy === 'risk' ? 'descending' : undefined}>
              {t('table.risk')}
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.code} className={item.overdue && item.state !== 'awaiting_citizen' ? 'overdue' : undefined}>
              {canBulk && (
                <td>
                  <input type="checkbox" aria-label={t('table.selectOne', { code: item.code })} checked={selected.has(item.code)} onChange={(e) => toggle(item.code, e.target.checked)} />
                </td>
              )}
              <th scope="row">
                <Link to={`/staff/complaints/${encodeURIComponent(item.code)}`} dir="ltr" className="code">
                  {item.code}
                </Link>
                {item.moderation && <span className={`badge moderation ${item.moderation}`}>{t(`moderation.${item.moderation}`)}</span>}
                {/* The organisation's own word for the level, as the urgency model gave it. */}
                {item.urgency && <span className="badge urgency">{t('urgency.label', { label: item.urgency.label })}</span>}
              </th>
              <td>{name(item.category)}</td>
              <td>{name(item.area)}</td>
              <td>{name(item.office)}</td>
              <td>{stateName(item.state)}</td>
              <td>{item.escalationLevel > 0 ? t('level.n', { level: number(item.escalationLevel) }) : t('level.none')}</td>
              <td>{officerName(item.assignedOfficerId)}</td>
              <td>
                <SlaCell item={item} now={now} t={t} number={number} />
              </td>
              <td>
                <RiskCell risk={item.breachRisk} t={t} number={number} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The officer's queue: filters in the URL, saved views, the table with live deadlines and updates, bulk assignment. */
export function QueuePage() {
  const t = useMessages(queueMessages);
  const { language, number } = useI18n();
  const session = useSignedIn();
  const [filters, setFilters] = useUrlFilters();
  const { items, next, problem, loadingMore, loadMore, refresh } = useQueue(filters);
  const now = useNow();
  const [announcement, setAnnouncement] = useState('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [sortBy, setSortBy] = useState<'due' | 'risk'>('due');
  const canBulk = BULK_ROLES.includes(session.user.role);

  useQueueLive((reason) => void refresh().then((change) => setAnnouncement(changeText(t, change, reason) ?? '')));

  const officeNames = useMemo(() => {
    const names = new Map<string, string>(session.user.officeIds.map((id) => [id, id]));
    for (const item of items ?? []) if (item.office) names.set(item.office.id, localName(item.office.name, language));
    return [...names].map(([id, name]) => ({ id, name }));
  }, [items, session.user.officeIds, language]);
  const officers = useOfficers([...session.user.officeIds, ...(items ?? []).flatMap((i) => (i.office ? [i.office.id] : []))]);
  const officerName = (id: string | null) => (id === null ? t('assignee.nobody') : id === session.user.id ? t('assignee.me') : ([...officers.values()].flat().find((o) => o.id === id)?.displayName ?? t('assignee.someone')));
  const selectedCodes = (items ?? []).filter((i) => selected.has(i.code)).map((i) => i.code);
  const selectedOfficers = [...new Map((items ?? []).filter((i) => selected.has(i.code) && i.office).flatMap((i) => officers.get(i.office!.id) ?? []).map((o) => [o.id, o])).values()];

  return (
    <div className="queue">
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <div role="status" aria-live="polite" className="live">
        {announcement}
      </div>
      <div className="queue-tools">
        <QueueFilterControls filters={filters} offices={officeNames} onChange={(f) => (setFilters(f), setSelected(new Set()))} />
        <SavedViews filters={filters} onApply={(f) => (setFilters(f), setSelected(new Set()))} announce={setAnnouncement} />
      </div>
      {problem && (
        <p role="alert" className="notice error">
          {t('table.failed', { detail: problem.detail || problem.title })}
        </p>
      )}
      {items === null && !problem && <p role="status">{t('table.loading')}</p>}
      {items && (
        <>
          {items.length === 0 ? (
            <p>{t('table.none')}</p>
          ) : (
            <>
              <p className="sort">
                <label htmlFor="queue-sort">{t('sort.label')}</label>{' '}
                <select id="queue-sort" value={sortBy} onChange={(e) => setSortBy(e.target.value === 'risk' ? 'risk' : 'due')}>
                  <option value="due">{t('sort.due')}</option>
                  <option value="risk">{t('sort.risk')}</option>
                </select>
              </p>
              <QueueTable items={sortQueue(items, sortBy)} now={now} sortedBy={sortBy} canBulk={canBulk} selected={selected} onSelect={setSelected} officerName={officerName} />
            </>
          )}
          <p>{t('table.shown', { count: number(items.length) })}</p>
          {next && (
            <button type="button" className="secondary" disabled={loadingMore} onClick={() => void loadMore()}>
              {t('table.more')}
            </button>
          )}
          {canBulk && <BulkAssign codes={selectedCodes} officers={selectedOfficers} onDone={() => void refresh().then(() => setSelected(new Set()))} />}
        </>
      )}
    </div>
  );
}
