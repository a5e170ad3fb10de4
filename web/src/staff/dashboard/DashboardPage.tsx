import { useEffect, useMemo, useRef, useState } from 'react';
import { AgeingChart, CellTable, DistrictMap, KpiTiles, PeriodPicker, TrendChart, type Ageing, type Cell, type Escalations, type Names, type Totals, type TrendDay } from '../../charts/Figures.js';
import type { Metric } from '../../charts/charts.messages.js';
import { byPerformance, daysBefore, karachiToday, useFigures } from '../../charts/format.js';
import { api, problemsAt, type Problem } from '../../http.js';
import { useI18n } from '../../i18n/i18n.js';
import { localName } from '../../i18n/languages.js';
import { useMessages } from '../../i18n/messages.js';
import { Link } from '../../router.js';
import { useSignedIn, useStaffSession } from '../session.js';
import { dashboardMessages } from './dashboard.messages.js';

type ApiCell = Totals & { id: string; name: Names | null; complaints: number; open: number; overdue: number };

/** GET /api/v1/staff/dashboard (DashboardResponse). */
interface Dashboard {
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

const TABLE_METRICS: Metric[] = ['received', 'resolved', 'satisfiedClosureRate', 'reopenRate', 'slaCompliance', 'medianHoursToResolve', 'open', 'overdue'];
const MAP_METRICS: Metric[] = ['received', 'open', 'overdue', 'satisfiedClosureRate', 'slaCompliance', 'reopenRate', 'medianHoursToResolve', 'resolved'];

const toCell = (c: ApiCell): Cell => ({ id: c.id, name: c.name, values: Object.fromEntries(TABLE_METRICS.map((m) => [m, c[m]])) });

type Load = { kind: 'loading' } | { kind: 'ready'; data: Dashboard } | { kind: 'failed'; problem: Problem };

/** The dashboard of one's jurisdiction: the period's figures, open work, trend, league tables and the district map. */
export default function DashboardPage() {
  const t = useMessages(dashboardMessages);
  const session = useSignedIn();
  const { call } = useStaffSession();
  const { language } = useI18n();
  const { day } = useFigures();
  const [query, setQuery] = useState<Query>(() => {
    const to = karachiToday();
    return { from: daysBefore(to, 29), to, department: '', area: '' };
  });
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
    setLoad({ kind: 'loading' });
    const params = new URLSearchParams({ from: query.from, to: query.to });
    if (query.department) params.set('department', query.department);
    if (query.area) params.set('area', query.area);
    call<Dashboard>(`/api/v1/staff/dashboard?${params}`, { signal: controller.signal })
      .then((result) => {
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

  // Charts and tables are drawn in the effects of the components below, which run before this one: after it the
  // figures are on screen (the browser tests and `npm run bench:web` wait for this attribute).
  useEffect(() => {
    if (page.current) page.current.dataset.ready = load.kind === 'loading' ? 'false' : 'true';
  }, [load]);

  const data = load.kind === 'ready' ? load.data : null;
  const offices = useMemo(() => byPerformance((data?.offices ?? []).map(toCell)), [data]);
  const officers = useMemo(() => (data?.officers ? byPerformance(data.officers.map(toCell)) : null), [data]);
  const districts = useMemo(() => (data?.districts ?? []).map(toCell), [data]);
  const problem = load.kind === 'failed' ? load.problem : null;
  const fieldError = (name: string) => problemsAt(problem, `/querystring/${name}`)[0]?.detail;
  const rank = (cells: Cell[]) => ({ label: t('rank'), value: (cell: Cell) => (cell.values.satisfiedClosureRate === null || cell.values.satisfiedClosureRate === undefined ? '–' : String(cells.indexOf(cell) + 1)) });

  return (
    <div className="dashboard" ref={page} data-ready="false">
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <PeriodPicker from={query.from} to={query.to} errors={{ from: fieldError('from'), to: fieldError('to') }} onChange={(period) => setQuery({ ...period, ...filters })}>
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
      {data && (
        <>
          {data.myLoad && (
            <section aria-labelledby="my-load-heading" className="my-load">
              <h2 id="my-load-heading">{t('myLoad.heading')}</h2>
              <MyLoad load={data.myLoad} />
              <p>
                <Link to="/staff">{t('myLoad.queue')}</Link>
              </p>
            </section>
          )}
          <KpiTiles totals={data.totals} escalations={data.escalationsByLevel} open={Object.values(data.open.ageing).reduce((a, b) => a + b, 0)} overdue={data.open.overdue} />
          <AgeingChart ageing={data.open.ageing} />
          <TrendChart trend={data.trend} from={data.period.from} to={data.period.to} />
          <section aria-labelledby="offices-heading">
            <h2 id="offices-heading">{t('offices.heading')}</h2>
            <CellTable id="offices" caption={t('offices.caption')} first={t('office')} cells={offices} metrics={TABLE_METRICS} extra={rank(offices)} />
          </section>
          {officers && (
            <section aria-labelledby="officers-heading">
              <h2 id="officers-heading">{t('officers.heading')}</h2>
              <CellTable id="officers" caption={t('officers.caption')} first={t('officer')} cells={officers} metrics={TABLE_METRICS} extra={rank(officers)} />
            </section>
          )}
          <DistrictMap cells={districts} metrics={MAP_METRICS} />
        </>
      )}
    </div>
  );
}

function MyLoad({ load }: { load: { open: number; dueSoon: number; overdue: number } }) {
  const t = useMessages(dashboardMessages);
  const { count } = useFigures();
  return (
    <dl className="tiles">
      {(['open', 'dueSoon', 'overdue'] as const).map((key) => (
        <div key={key} className="tile" data-my-load={key}>
          <dt>{t(`myLoad.${key}`)}</dt>
          <dd>
            <span className="tile-value">{count(load[key])}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}
