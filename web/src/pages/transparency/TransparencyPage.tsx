import { useEffect, useMemo, useRef, useState } from 'react';
import { AgeingChart, CellTable, DistrictMap, KpiTiles, PeriodPicker, TrendChart, type Ageing, type Cell, type Escalations, type Names, type Totals, type TrendDay } from '../../charts/Figures.js';
import type { Metric } from '../../charts/charts.messages.js';
import { daysBefore, karachiToday, useFigures } from '../../charts/format.js';
import { api, problemsAt, type Problem } from '../../http.js';
import { useI18n } from '../../i18n/i18n.js';
import { useMessages } from '../../i18n/messages.js';
import { transparencyMessages } from './transparency.messages.js';

type PublicCell = { id: string; name: Names | null; suppressed: boolean; openSuppressed: boolean } & Record<'received' | 'resolved' | 'satisfiedClosureRate' | 'reopenRate' | 'slaCompliance' | 'medianHoursToResolve' | 'open', number | null>;

/** GET /api/v1/public/statistics (PublicStatisticsResponse). */
interface PublicStatistics {
  period: { from: string; to: string };
  totals: Totals;
  open: { byState: Record<string, number>; ageing: Ageing; overdue: number };
  escalationsByLevel: Escalations;
  trend: TrendDay[];
  departments: (PublicCell & { rank: number | null })[];
  districts: PublicCell[];
}

const METRICS = ['received', 'resolved', 'satisfiedClosureRate', 'reopenRate', 'slaCompliance', 'medianHoursToResolve', 'open'] as const satisfies Metric[];
const toCell = (c: PublicCell): Cell => ({ id: c.id, name: c.name, suppressed: c.suppressed, values: Object.fromEntries(METRICS.map((m) => [m, c[m]])) });

type Load = { kind: 'loading' } | { kind: 'ready'; data: PublicStatistics } | { kind: 'failed'; problem: Problem };

/** The public transparency page: province-wide figures, departments ranked, the district map and open data. */
export default function TransparencyPage() {
  const t = useMessages(transparencyMessages);
  const { number } = useI18n();
  const { day } = useFigures();
  const [period, setPeriod] = useState(() => {
    const to = karachiToday();
    return { from: daysBefore(to, 29), to };
  });
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const page = useRef<HTMLDivElement>(null);

  useEffect(() => {
    document.title = t('title');
  }, [t]);

  useEffect(() => {
    const controller = new AbortController();
    setLoad({ kind: 'loading' });
    api<PublicStatistics>(`/api/v1/public/statistics?${new URLSearchParams(period)}`, { signal: controller.signal })
      .then((result) => setLoad(result.ok ? { kind: 'ready', data: result.data } : { kind: 'failed', problem: result.problem }))
      .catch(() => undefined);
    return () => controller.abort();
  }, [period]);

  // The charts draw in their own effects, which run before this one (tests wait for the attribute).
  useEffect(() => {
    if (page.current) page.current.dataset.ready = load.kind === 'loading' ? 'false' : 'true';
  }, [load]);

  const data = load.kind === 'ready' ? load.data : null;
  const departments = useMemo(() => (data?.departments ?? []).map((d) => ({ ...toCell(d), rank: d.rank })), [data]);
  const districts = useMemo(() => (data?.districts ?? []).map(toCell), [data]);
  const problem = load.kind === 'failed' ? load.problem : null;
  const fieldError = (name: string) => problemsAt(problem, `/querystring/${name}`)[0]?.detail;
  const query = new URLSearchParams(data?.period ?? period).toString();

  return (
    <div className="transparency" ref={page} data-ready="false">
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <PeriodPicker from={period.from} to={period.to} onChange={setPeriod} errors={{ from: fieldError('from'), to: fieldError('to') }} />
      <div role="status">
        {load.kind === 'loading' && t('loading')}
        {data && t('showing', { from: day(data.period.from), to: day(data.period.to) })}
      </div>
      {problem && !problem.errors?.length && (
        <p role="alert" className="notice error">
          {t('failed')}
        </p>
      )}
      {data && (
        <>
          <KpiTiles totals={data.totals} escalations={data.escalationsByLevel} open={Object.values(data.open.ageing).reduce((a, b) => a + b, 0)} overdue={data.open.overdue} />
          <AgeingChart ageing={data.open.ageing} />
          <TrendChart trend={data.trend} from={data.period.from} to={data.period.to} />
          <section aria-labelledby="departments-heading">
            <h2 id="departments-heading">{t('departments.heading')}</h2>
            <CellTable
              id="departments"
              caption={t('departments.caption')}
              first={t('department')}
              cells={departments}
              metrics={[...METRICS]}
              extra={{ label: t('rank'), value: (cell) => {
                  const rank = departments.find((d) => d.id === cell.id)?.rank;
                  return rank ? number(rank) : t('unranked');
                } }}
            />
          </section>
          <DistrictMap cells={districts} metrics={[...METRICS]} />
        </>
      )}
      <section aria-labelledby="downloads-heading">
        <h2 id="downloads-heading">{t('downloads.heading')}</h2>
        <p>{t('downloads.intro')}</p>
        <ul className="downloads">
          <li>
            <a href={`/api/v1/public/statistics.csv?${query}`} download>
              {t('downloads.csv')}
            </a>
          </li>
          <li>
            <a href={`/api/v1/public/statistics?${query}`}>{t('downloads.json')}</a>
          </li>
          <li>
            <a href="/open311/v2/requests.json">{t('downloads.open311')}</a>
          </li>
          <li>
            <a href="/open311/v2/services.json">{t('downloads.services')}</a>
          </li>
        </ul>
        <p className="hint">{t('downloads.definitions')}</p>
      </section>
    </div>
  );
}
