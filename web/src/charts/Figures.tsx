import { useMemo, useState } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { localName } from '../i18n/languages.js';
import { useMessages } from '../i18n/messages.js';
import { Chart } from './Chart.js';
import { chartsMessages, RATE_METRICS, type Metric } from './charts.messages.js';
import { DISTRICT_MAP, MAP_DISTRICTS } from './echarts.js';
import { useFigures } from './format.js';
import './charts.css';

/** Names in the three languages (null where there is none). */
export interface Names {
  en: string;
  ur: string | null;
  ps: string | null;
}

/** The period figures both endpoints give (docs/STATISTICS.md). */
export interface Totals {
  received: number;
  resolved: number;
  closed: number;
  closedSatisfied: number;
  reopened: number;
  resolvedWithinSla: number;
  satisfiedClosureRate: number | null;
  reopenRate: number | null;
  slaCompliance: number | null;
  medianHoursToResolve: number | null;
}

export type Ageing = Record<'0-3' | '4-7' | '8-15' | '16-30' | '31+', number>;
export type TrendDay = { day: string; received: number; resolved: number };
export type Escalations = Record<'1' | '2' | '3', number>;

/** A row of a league table or of the map: an office, officer, department or district. */
export interface Cell {
  id: string;
  name: Names | null;
  suppressed?: boolean;
  values: Partial<Record<Metric, number | null>>;
}

/** A figure as text: percentages for rates, hours, or a count. */
export function useMetricText() {
  const { count, percent, hours } = useFigures();
  return (metric: Metric, value: number | null | undefined) => (RATE_METRICS.has(metric) ? percent(value) : metric === 'medianHoursToResolve' ? hours(value) : count(value));
}

/** The key figures of the period as tiles. */
export function KpiTiles({ totals, escalations, open, overdue }: { totals: Totals; escalations: Escalations; open?: number; overdue?: number }) {
  const t = useMessages(chartsMessages);
  const { count, percent, hours } = useFigures();
  const escalated = escalations['1'] + escalations['2'] + escalations['3'];
  const tiles: { key: string; label: string; value: string; detail?: string }[] = [
    { key: 'received', label: t('metric.received'), value: count(totals.received) },
    { key: 'resolved', label: t('metric.resolved'), value: count(totals.resolved) },
    { key: 'satisfied', label: t('metric.satisfiedClosureRate'), value: percent(totals.satisfiedClosureRate), detail: t('kpi.ofClosed', { count: count(totals.closed) }) },
    { key: 'reopen', label: t('metric.reopenRate'), value: percent(totals.reopenRate), detail: t('kpi.ofResolved', { count: count(totals.resolved) }) },
    { key: 'sla', label: t('metric.slaCompliance'), value: percent(totals.slaCompliance), detail: t('kpi.ofResolved', { count: count(totals.resolved) }) },
    { key: 'median', label: t('metric.medianHoursToResolve'), value: totals.medianHoursToResolve === null ? '–' : t('kpi.hours', { hours: hours(totals.medianHoursToResolve) }) },
    { key: 'escalations', label: t('metric.escalations'), value: count(escalated), detail: t('kpi.escalationLevels', { one: count(escalations['1']), two: count(escalations['2']), three: count(escalations['3']) }) },
  ];
  if (open !== undefined) tiles.push({ key: 'open', label: t('metric.open'), value: count(open) });
  if (overdue !== undefined) tiles.push({ key: 'overdue', label: t('metric.overdue'), value: count(overdue) });
  return (
    <section aria-labelledby="kpi-heading">
      <h2 id="kpi-heading">{t('kpi.heading')}</h2>
      <dl className="tiles">
        {tiles.map((tile) => (
          <div key={tile.key} className="tile" data-kpi={tile.key}>
            <dt>{tile.label}</dt>
            <dd>
              <span className="tile-value">{tile.value}</span>
              {tile.detail && <span className="tile-detail">{tile.detail}</span>}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** Received and resolved by day: a line chart, and the same figures as a table. */
export function TrendChart({ trend, from, to }: { trend: TrendDay[]; from: string; to: string }) {
  const t = useMessages(chartsMessages);
  const [open, setOpen] = useState(false);
  const { count, day } = useFigures();
  const { dir } = useI18n();
  const option = useMemo(
    () => ({
      grid: { left: dir === 'rtl' ? 16 : 48, right: dir === 'rtl' ? 48 : 16, top: 40, bottom: 32 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      // Right to left, time runs from the right, as the page is read.
      xAxis: { type: 'category', inverse: dir === 'rtl', data: trend.map((d) => day(d.day)) },
      yAxis: { type: 'value', position: dir === 'rtl' ? 'right' : 'left', minInterval: 1, axisLabel: { formatter: (v: number) => count(v) } },
      series: [
        { name: t('metric.received'), type: 'line', showSymbol: false, data: trend.map((d) => d.received), color: '#0b5d3b' },
        { name: t('metric.resolved'), type: 'line', showSymbol: false, data: trend.map((d) => d.resolved), color: '#8a4b00' },
      ],
    }),
    [trend, t, count, day, dir],
  );
  return (
    <section aria-labelledby="trend-heading">
      <h2 id="trend-heading">{t('trend.heading')}</h2>
      <Chart option={option} label={t('trend.label', { from: day(from), to: day(to) })} />
      {/* A year is 365 rows: drawn when the reader opens them. */}
      <details onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>{t('trend.table')}</summary>
        {open && (
          <table className="data">
            <caption className="visually-hidden">{t('trend.heading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('trend.day')}</th>
                <th scope="col">{t('metric.received')}</th>
                <th scope="col">{t('metric.resolved')}</th>
              </tr>
            </thead>
            <tbody>
              {trend.map((d) => (
                <tr key={d.day}>
                  <th scope="row">{day(d.day)}</th>
                  <td>{count(d.received)}</td>
                  <td>{count(d.resolved)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </details>
    </section>
  );
}

const BUCKETS = ['0-3', '4-7', '8-15', '16-30', '31+'] as const;

/** Open complaints by age: a bar chart and its table. */
export function AgeingChart({ ageing }: { ageing: Ageing }) {
  const t = useMessages(chartsMessages);
  const { count } = useFigures();
  const { number, dir } = useI18n();
  const label = (bucket: (typeof BUCKETS)[number]) => t('ageing.days', { range: bucket === '31+' ? `${number(31)}+` : bucket.split('-').map((n) => number(Number(n))).join('–') });
  const option = useMemo(
    () => ({
      grid: { left: dir === 'rtl' ? 16 : 48, right: dir === 'rtl' ? 48 : 16, top: 16, bottom: 32 },
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      xAxis: { type: 'category', inverse: dir === 'rtl', data: BUCKETS.map(label) },
      yAxis: { type: 'value', position: dir === 'rtl' ? 'right' : 'left', minInterval: 1, axisLabel: { formatter: (v: number) => count(v) } },
      series: [{ name: t('ageing.count'), type: 'bar', data: BUCKETS.map((b) => ageing[b]), color: '#0b5d3b' }],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- label follows t and number
    [ageing, t, count, number, dir],
  );
  return (
    <section aria-labelledby="ageing-heading">
      <h2 id="ageing-heading">{t('ageing.heading')}</h2>
      <Chart option={option} label={t('ageing.label')} className="chart small" />
      <table className="data" data-table="ageing">
        <caption className="visually-hidden">{t('ageing.heading')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('ageing.bucket')}</th>
            <th scope="col">{t('ageing.count')}</th>
          </tr>
        </thead>
        <tbody>
          {BUCKETS.map((b) => (
            <tr key={b}>
              <th scope="row">{label(b)}</th>
              <td>{count(ageing[b])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** A table of cells (offices, officers, departments, districts) with the chosen figures; `first` heads the name column. */
export function CellTable({ caption, first, cells, metrics, extra, id, limit }: { caption: string; first: string; cells: Cell[]; metrics: Metric[]; extra?: { label: string; value(cell: Cell): string }; id?: string; limit?: number }) {
  const t = useMessages(chartsMessages);
  const { language, number } = useI18n();
  const text = useMetricText();
  // A province has hundreds of offices: the first `limit` rows, and all of them on request.
  const [all, setAll] = useState(false);
  const shown = all || limit === undefined ? cells : cells.slice(0, limit);
  return (
    <>
      {/* A wide table scrolls on a narrow screen: the region is focusable so the keyboard can scroll it too. */}
      <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
        <table className="data" data-table={id}>
          <caption>{caption}</caption>
          <thead>
            <tr>
              {extra && <th scope="col">{extra.label}</th>}
              <th scope="col">{first}</th>
              {metrics.map((m) => (
                <th key={m} scope="col">
                  {t(`metric.${m}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((cell) => (
              <tr key={cell.id} data-id={cell.id}>
                {extra && <td>{extra.value(cell)}</td>}
                <th scope="row">{cell.name ? localName(cell.name, language) : cell.id}</th>
                {metrics.map((m) => (
                  <td key={m}>{cell.suppressed && m !== 'open' && cell.values[m] === null ? t('map.withheld') : text(m, cell.values[m])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown.length < cells.length && (
        <p>
          {t('table.first', { shown: number(shown.length), count: number(cells.length) })}{' '}
          <button type="button" className="secondary" onClick={() => setAll(true)}>
            {t('table.showAll', { count: number(cells.length) })}
          </button>
        </p>
      )}
    </>
  );
}

/** The district map coloured by a chosen figure, and the table of districts with every figure. */
export function DistrictMap({ cells, metrics }: { cells: Cell[]; metrics: Metric[] }) {
  const t = useMessages(chartsMessages);
  const { language } = useI18n();
  const text = useMetricText();
  const [metric, setMetric] = useState<Metric>(metrics[0] ?? 'received');
  const sorted = useMemo(() => [...cells].sort((a, b) => localName(a.name ?? { en: a.id, ur: null, ps: null }, language).localeCompare(localName(b.name ?? { en: b.id, ur: null, ps: null }, language))), [cells, language]);
  const option = useMemo(() => {
    const values = cells.filter((c) => MAP_DISTRICTS.has(c.id)).map((c) => c.values[metric]).filter((v): v is number => typeof v === 'number');
    const names = new Map(cells.map((c) => [c.id, c.name ? localName(c.name, language) : c.id]));
    const max = Math.max(RATE_METRICS.has(metric) ? 1 : 1, ...values);
    return {
      tooltip: { trigger: 'item', renderMode: 'richText', formatter: (p: { name: string; value: number }) => `${names.get(p.name) ?? p.name}: ${text(metric, Number.isFinite(p.value) ? p.value : null)}` },
      visualMap: { min: 0, max, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, inRange: { color: ['#e6f2ec', '#0b5d3b'] }, formatter: (v: number) => text(metric, v), itemWidth: 12 },
      series: [
        {
          type: 'map',
          map: DISTRICT_MAP,
          nameProperty: 'areaId',
          roam: false,
          aspectScale: 0.82,
          label: { show: false },
          emphasis: { label: { show: false }, itemStyle: { areaColor: '#ffbf47' } },
          itemStyle: { areaColor: '#eeeeee', borderColor: '#555555', borderWidth: 0.5 },
          data: cells.map((c) => ({ name: c.id, value: c.values[metric] ?? Number.NaN })),
        },
      ],
    };
  }, [cells, metric, language, text]);
  const anyWithheld = cells.some((c) => c.suppressed);
  return (
    <section aria-labelledby="map-heading">
      <h2 id="map-heading">{t('map.heading')}</h2>
      <div className="field">
        <label htmlFor="map-metric">{t('map.metric')}</label>
        <select id="map-metric" value={metric} onChange={(e) => setMetric(e.target.value as Metric)}>
          {metrics.map((m) => (
            <option key={m} value={m}>
              {t(`metric.${m}`)}
            </option>
          ))}
        </select>
      </div>
      <Chart option={option} label={t('map.label', { metric: t(`metric.${metric}`) })} className="chart map" />
      {cells.length === 0 ? <p>{t('map.noDistricts')}</p> : <CellTable id="districts" caption={t('map.table')} first={t('map.district')} cells={sorted} metrics={metrics} />}
      {anyWithheld && <p className="hint">{t('map.withheldNote')}</p>}
    </section>
  );
}
