import { useEffect, useMemo } from 'react';
import { AgeingChart, CellTable, DistrictMap, KpiTiles, TrendChart, type Cell } from '../../charts/Figures.js';
import type { Metric } from '../../charts/charts.messages.js';
import { byPerformance, useFigures } from '../../charts/format.js';
import { useMessages } from '../../i18n/messages.js';
import { Link } from '../../router.js';
import { HotspotMap, SpikeAlertsPanel } from './AnalyticsPanels.js';
import { dashboardMessages } from './dashboard.messages.js';
import type { ApiCell, Dashboard } from './DashboardPage.js';

const TABLE_METRICS: Metric[] = ['received', 'resolved', 'satisfiedClosureRate', 'reopenRate', 'slaCompliance', 'medianHoursToResolve', 'open', 'overdue'];
const MAP_METRICS: Metric[] = ['received', 'open', 'overdue', 'satisfiedClosureRate', 'slaCompliance', 'reopenRate', 'medianHoursToResolve', 'resolved'];

const toCell = (c: ApiCell): Cell => ({ id: c.id, name: c.name, values: Object.fromEntries(TABLE_METRICS.map((m) => [m, c[m]])) });

/** The dashboard's figures: own load, spike alerts, tiles, ageing, trend, league tables, the district map and hotspots (the charts chunk). */
export default function DashboardFigures({ data, onDrawn }: { data: Dashboard; onDrawn(): void }) {
  const t = useMessages(dashboardMessages);
  const offices = useMemo(() => byPerformance(data.offices.map(toCell)), [data]);
  const officers = useMemo(() => (data.officers ? byPerformance(data.officers.map(toCell)) : null), [data]);
  const districts = useMemo(() => data.districts.map(toCell), [data]);
  const rank = (cells: Cell[]) => ({ label: t('rank'), value: (cell: Cell) => (cell.values.satisfiedClosureRate === null || cell.values.satisfiedClosureRate === undefined ? '–' : String(cells.indexOf(cell) + 1)) });
  // The charts below draw in their own effects, which run before this one: after it the figures are on screen.
  useEffect(() => onDrawn(), [data, onDrawn]);
  return (
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
      <SpikeAlertsPanel districts={data.districts} />
      <KpiTiles totals={data.totals} escalations={data.escalationsByLevel} open={Object.values(data.open.ageing).reduce((a, b) => a + b, 0)} overdue={data.open.overdue} />
      <AgeingChart ageing={data.open.ageing} />
      <TrendChart trend={data.trend} from={data.period.from} to={data.period.to} />
      <section aria-labelledby="offices-heading">
        <h2 id="offices-heading">{t('offices.heading')}</h2>
        <CellTable id="offices" caption={t('offices.caption')} first={t('office')} cells={offices} metrics={TABLE_METRICS} extra={rank(offices)} limit={25} />
      </section>
      {officers && (
        <section aria-labelledby="officers-heading">
          <h2 id="officers-heading">{t('officers.heading')}</h2>
          <CellTable id="officers" caption={t('officers.caption')} first={t('officer')} cells={officers} metrics={TABLE_METRICS} extra={rank(officers)} limit={25} />
        </section>
      )}
      <DistrictMap cells={districts} metrics={MAP_METRICS} />
      <HotspotMap />
    </>
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
