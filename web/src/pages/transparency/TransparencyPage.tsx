import { useCallback, useEffect, useRef, useState } from 'react';
import type { Ageing, Escalations, Names, Totals, TrendDay } from '../../charts/Figures.js';
import { daysBefore, karachiToday, useFigures } from '../../charts/format.js';
import { PeriodPicker } from '../../charts/PeriodPicker.js';
import { api, problemsAt, type Problem } from '../../http.js';
import { useMessages } from '../../i18n/messages.js';
import { transparencyMessages } from './transparency.messages.js';

// The charts start downloading as soon as this page's small chunk runs, while the figures are being fetched; the
// module is held in state, not React.lazy, whose Suspense boundary would hold the figures back for 300 ms.
const figuresChunk = import('./TransparencyFigures.js');
type FiguresModule = Awaited<typeof figuresChunk>;

/** A department or district as the API gives it (figures null when withheld). */
export type PublicCell = { id: string; name: Names | null; suppressed: boolean; openSuppressed: boolean } & Record<'received' | 'resolved' | 'satisfiedClosureRate' | 'reopenRate' | 'slaCompliance' | 'medianHoursToResolve' | 'open', number | null>;

/** GET /api/v1/public/statistics (PublicStatisticsResponse). */
export interface PublicStatistics {
  period: { from: string; to: string };
  totals: Totals;
  open: { byState: Record<string, number>; ageing: Ageing; overdue: number };
  escalationsByLevel: Escalations;
  trend: TrendDay[];
  departments: (PublicCell & { rank: number | null })[];
  districts: PublicCell[];
}


type Load = { kind: 'loading' } | { kind: 'ready'; data: PublicStatistics } | { kind: 'failed'; problem: Problem };

/** The public transparency page: province-wide figures, departments ranked, the district map and open data. */
export default function TransparencyPage() {
  const t = useMessages(transparencyMessages);
  const { day } = useFigures();
  const [period, setPeriod] = useState(() => {
    const to = karachiToday();
    return { from: daysBefore(to, 29), to };
  });
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [figures, setFigures] = useState<FiguresModule | null>(null);
  const page = useRef<HTMLDivElement>(null);

  useEffect(() => {
    document.title = t('title');
  }, [t]);

  useEffect(() => {
    const controller = new AbortController();
    api<PublicStatistics>(`/api/v1/public/statistics?${new URLSearchParams(period)}`, { signal: controller.signal })
      .then((result) => setLoad(result.ok ? { kind: 'ready', data: result.data } : { kind: 'failed', problem: result.problem }))
      .catch(() => undefined);
    return () => controller.abort();
  }, [period]);

  useEffect(() => {
    let live = true;
    void figuresChunk.then((module) => live && setFigures(module));
    return () => {
      live = false;
    };
  }, []);

  // Ready when the figures are drawn (TransparencyFigures calls `drawn`), or when there are none to draw.
  const drawn = useCallback(() => {
    if (page.current) page.current.dataset.ready = 'true';
    performance.mark('ekhtyar:transparency-ready');
  }, []);
  useEffect(() => {
    // (When the figures arrive, the figures' own effect, which runs before this one, says they are drawn.)
    if (page.current && load.kind !== 'ready') page.current.dataset.ready = load.kind === 'failed' ? 'true' : 'false';
  }, [load]);

  const data = load.kind === 'ready' ? load.data : null;
  const problem = load.kind === 'failed' ? load.problem : null;
  const fieldError = (name: string) => problemsAt(problem, `/querystring/${name}`)[0]?.detail;
  const query = new URLSearchParams(data?.period ?? period).toString();

  const show = (next: { from: string; to: string }) => {
    setLoad({ kind: 'loading' });
    setPeriod(next);
  };

  return (
    <div className="transparency" ref={page} data-ready="false">
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <PeriodPicker from={period.from} to={period.to} onChange={show} errors={{ from: fieldError('from'), to: fieldError('to') }} />
      <div role="status">
        {load.kind === 'loading' && t('loading')}
        {data && t('showing', { from: day(data.period.from), to: day(data.period.to) })}
      </div>
      {problem && !problem.errors?.length && (
        <p role="alert" className="notice error">
          {t('failed')}
        </p>
      )}
      {data && figures && <figures.default data={data} onDrawn={drawn} />}
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
