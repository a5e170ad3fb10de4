import { useEffect, useMemo } from 'react';
import { AgeingChart, CellTable, DistrictMap, KpiTiles, TrendChart, type Cell } from '../../charts/Figures.js';
import type { Metric } from '../../charts/charts.messages.js';
import { useI18n } from '../../i18n/i18n.js';
import { useMessages } from '../../i18n/messages.js';
import { transparencyMessages } from './transparency.messages.js';
import type { PublicCell, PublicStatistics } from './TransparencyPage.js';

const METRICS = ['received', 'resolved', 'satisfiedClosureRate', 'reopenRate', 'slaCompliance', 'medianHoursToResolve', 'open'] as const satisfies Metric[];
const toCell = (c: PublicCell): Cell => ({ id: c.id, name: c.name, suppressed: c.suppressed, values: Object.fromEntries(METRICS.map((m) => [m, c[m]])) });

/** The public figures: tiles, ageing, trend, departments ranked and the district map (the charts chunk). */
export default function TransparencyFigures({ data, onDrawn }: { data: PublicStatistics; onDrawn(): void }) {
  const t = useMessages(transparencyMessages);
  const { number } = useI18n();
  const departments = useMemo(() => data.departments.map((d) => ({ ...toCell(d), rank: d.rank })), [data]);
  const districts = useMemo(() => data.districts.map(toCell), [data]);
  // The charts below draw in their own effects, which run before this one: after it the figures are on screen.
  useEffect(() => onDrawn(), [data, onDrawn]);
  return (
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
  );
}
