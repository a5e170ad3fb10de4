import { useCallback, useEffect, useRef, useState } from 'react';
import type { Ageing, Escalations, Names, Totals, TrendDay } from '../../charts/Figures.js';
import { daysBefore, karachiToday, useFigures } from '../../charts/format.js';
import { PeriodPicker } from '../../charts/PeriodPicker.js';
import { api, problemsAt, type ApiResult, type Problem } from '../../http.js';
import { useI18n } from '../../i18n/i18n.js';
import { localName } from '../../i18n/languages.js';
import { useMessages } from '../../i18n/messages.js';
import { useSignedIn, useStaffSession } from '../session.js';
import { dashboardMessages } from './dashboard.messages.js';

// The charts (ECharts, ~230 KB gzipped) start downloading as soon as this page's small chunk runs, while the figures
// are being fetched, instead of after them. The module is held in state rather than React.lazy: a Suspense boundary
// holds back what it reveals for 300 ms, which was a third of the page's time.
const figuresChunk = import('./DashboardFigures.js');
type FiguresModule = Awaited<typeof figuresChunk>;

/** A row of a league table or of the districts, as the API gives it. */
export type ApiCell = Totals & { id: string; name: Names | null; complaints: number; open: number; overdue: number };

/** GET /api/v1/staff/dashboard (DashboardResponse). */
export interface Dashboard {
  period: { from: string; to: string };
  filter: { departmentId: string | null; areaId: string | null };
  totals: Totals;
  open: { byState: Record<string, number>; ageing: Ageing; overdue: number };
  escalationsByLevel: Escalations;
  trend: TrendDay[];
  offices: ApiCell[];
  officers: ApiCell[] | null;
  myLoad: { open: number; dueSoon: number; overdue: number } | null;
  districts: ApiCell[];
}

interface Query {
  from: string;
  to: string;
  department: string;
  area: string;
}



type Load = { kind: 'loading' } | { kind: 'ready'; data: Dashboard } | { kind: 'failed'; problem: Problem };

/** The period a link names (`/staff/dashboard?from=2026-01-01&to=2026-12-31`); otherwise the last 30 days. */
function linkedQuery(): Query {
  const link = new URLSearchParams(window.location.search);
  const day = (name: string) => (/^\d{4}-\d{2}-\d{2}$/.test(link.get(name) ?? '') ? link.get(name)! : null);
  const to = day('to') ?? karachiToday();
  return { from: day('from') ?? daysBefore(to, 29), to, department: '', area: '' };
}

const dashboardPath = (query: Query) => {
  const params = new URLSearchParams({ from: query.from, to: query.to });
  if (query.department) params.set('department', query.department);
  if (query.area) params.set('area', query.area);
  return `/api/v1/staff/dashboard?${params}`;
};

// The first figures are asked for as soon as the chunk runs, not after React has rendered the page (a GET needs no
// CSRF token); the page takes this answer if it wants the same figures.
let prefetched: { path: string; result: Promise<ApiResult<Dashboard>> } | null = (() => {
  const path = dashboardPath(linkedQuery());
  return { path, result: api<Dashboard>(path) };
})();

/** The dashboard of one's jurisdiction: the period's figures, open work, trend, league tables and the district map. */
export default function DashboardPage() {
  const t = useMessages(dashboardMessages);
  const session = useSignedIn();
  const { call } = useStaffSession();
  const { language } = useI18n();
  const { day } = useFigures();
  const [query, setQuery] = useState<Query>(linkedQuery);
  const [figures, setFigures] = useState<FiguresModule | null>(null);
  const [filters, setFilters] = useState({ department: '', area: '' });
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  // What the filters offer: the departments and districts of the first, unfiltered answer (the viewer's jurisdiction).
  const [choices, setChoices] = useState<{ departments: string[]; districts: { id: string; name: Names | null }[] } | null>(null);
  const [departmentNames, setDepartmentNames] = useState<Map<string, Names>>(new Map());
  const page = useRef<HTMLDivElement>(null);

  useEffect(() => {
    document.title = t('title');
  }, [t]);

  useEffect(() => {
    const controller = new AbortController();
    const path = dashboardPath(query);
    const early = prefetched?.path === path ? prefetched.result : null;
    prefetched = null;
    // The early answer went without the session's handling of a 401: asked again through it then.
    const answer = early ? early.then((result) => (!result.ok && result.problem.status === 401 ? call<Dashboard>(path) : result)) : call<Dashboard>(path, { signal: controller.signal });
    answer
      .then((result) => {
        if (controller.signal.aborted) return;
        if (!result.ok) return setLoad({ kind: 'failed', problem: result.problem });
        setLoad({ kind: 'ready', data: result.data });
        if (!query.department && !query.area) {
          const departments = new Set(result.data.offices.map((o) => o.id.split('@')[0]!));
          for (const entry of session.user.scope) if (entry.departmentId) departments.add(entry.departmentId);
          setChoices((known) => known ?? { departments: [...departments].sort(), districts: result.data.districts.map((d) => ({ id: d.id, name: d.name })) });
        }
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, [call, query, session.user.scope]);

  useEffect(() => {
    let live = true;
    void figuresChunk.then((module) => live && setFigures(module));
    return () => {
      live = false;
    };
  }, []);

  // Department names for the filter, from the public catalogue (it lists every category with its department).
  useEffect(() => {
    const controller = new AbortController();
    api<{ categories: { department: { id: string; name: Names } }[] }>('/api/v1/categories', { signal: controller.signal })
      .then((result) => {
        if (result.ok) setDepartmentNames(new Map(result.data.categories.map((c) => [c.department.id, c.department.name])));
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, []);

  // Ready when the figures are on screen (DashboardFigures calls `drawn` once its charts and tables are), or when
  // there are none to draw; the browser tests and `npm run bench:web` wait for the attribute and the mark.
  const drawn = useCallback(() => {
    if (page.current) page.current.dataset.ready = 'true';
    performance.mark('ekhtyar:dashboard-ready');
  }, []);
  useEffect(() => {
    // (When the figures arrive, the figures' own effect, which runs before this one, says they are drawn.)
    if (page.current && load.kind !== 'ready') page.current.dataset.ready = load.kind === 'failed' ? 'true' : 'false';
  }, [load]);

  const data = load.kind === 'ready' ? load.data : null;
  const problem = load.kind === 'failed' ? load.problem : null;
  const fieldError = (name: string) => problemsAt(problem, `/querystring/${name}`)[0]?.detail;

  const show = (period: { from: string; to: string }) => {
    setLoad({ kind: 'loading' });
    setQuery({ ...period, ...filters });
  };

  return (
    <div className="dashboard" ref={page} data-ready="false">
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <PeriodPicker from={query.from} to={query.to} errors={{ from: fieldError('from'), to: fieldError('to') }} onChange={show}>
        <div className="field">
          <label htmlFor="dashboard-department">{t('department')}</label>
          <select id="dashboard-department" value={filters.department} onChange={(e) => setFilters({ ...filters, department: e.target.value })} aria-invalid={fieldError('department') ? true : undefined}>
            <option value="">{t('allDepartments')}</option>
            {(choices?.departments ?? []).map((id) => (
              <option key={id} value={id}>
                {departmentNames.has(id) ? localName(departmentNames.get(id)!, language) : id}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="dashboard-area">{t('area')}</label>
          <select id="dashboard-area" value={filters.area} onChange={(e) => setFilters({ ...filters, area: e.target.value })} aria-invalid={fieldError('area') ? true : undefined}>
            <option value="">{t('allAreas')}</option>
            {(choices?.districts ?? []).map((d) => (
              <option key={d.id} value={d.id}>
                {d.name ? localName(d.name, language) : d.id}
              </option>
            ))}
          </select>
        </div>
      </PeriodPicker>
      <div role="status" className="dashboard-status">
        {load.kind === 'loading' && t('loading')}
        {data && t('showing', { from: day(data.period.from), to: day(data.period.to) })}
      </div>
      {problem && (
        <p role="alert" className="notice error">
          {problem.status === 403 ? t('outside') : (problem.errors?.[0]?.detail ?? t('failed'))}
        </p>
      )}
      {data && figures && <figures.default data={data} onDrawn={drawn} />}
    </div>
  );
}
