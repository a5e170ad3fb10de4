import { useEffect, useMemo, useState } from 'react';
import { Chart } from '../../charts/Chart.js';
import type { Names } from '../../charts/Figures.js';
import { DISTRICT_MAP } from '../../charts/echarts.js';
import { useFigures } from '../../charts/format.js';
import { useI18n } from '../../i18n/i18n.js';
import { localName } from '../../i18n/languages.js';
import { useMessages } from '../../i18n/messages.js';
import { useCategories } from '../categories.js';
import { useSignedIn, useStaffSession } from '../session.js';
import { dashboardMessages } from './dashboard.messages.js';

/** An episode of GET /api/v1/staff/analytics/alerts. */
interface SpikeEpisode {
  id: string;
  categoryId: string;
  districtId: string;
  firstDay: string;
  lastDay: string;
  alertDays: number;
  peak: { day: string; observed: number; expected: number };
  status: 'open' | 'acknowledged';
}

/** GET /api/v1/staff/analytics/hotspots. */
interface Hotspots {
  points: number;
  hotspots: { centroid: { latitude: number; longitude: number }; radiusMetres: number; count: number }[];
}

/** Open spike alerts of one's jurisdiction (the morning job's episodes); monitors acknowledge them here. */
export function SpikeAlertsPanel({ districts }: { districts: { id: string; name: Names | null }[] }) {
  const t = useMessages(dashboardMessages);
  const { call } = useStaffSession();
  const { user } = useSignedIn();
  const { language, number } = useI18n();
  const { count, day } = useFigures();
  const categories = useCategories();
  const [alerts, setAlerts] = useState<SpikeEpisode[] | null>(null);
  const [failed, setFailed] = useState(false);
  const monitor = user.role === 'department_monitor' || user.role === 'provincial_monitor';

  useEffect(() => {
    const controller = new AbortController();
    call<{ alerts: SpikeEpisode[] }>('/api/v1/staff/analytics/alerts?status=open', { signal: controller.signal })
      .then((result) => (result.ok ? setAlerts(result.data.alerts) : setFailed(true)))
      .catch(() => undefined);
    return () => controller.abort();
  }, [call]);

  const acknowledge = async (id: string) => {
    const result = await call<SpikeEpisode>(`/api/v1/staff/analytics/alerts/${id}/acknowledge`, { method: 'POST', json: {} });
    if (result.ok) setAlerts((list) => list?.filter((a) => a.id !== id) ?? null);
  };
  const categoryName = (id: string) => {
    const c = categories.find((x) => x.id === id);
    return c ? localName(c.name, language) : id;
  };
  const districtName = (id: string) => {
    const d = districts.find((x) => x.id === id);
    return d?.name ? localName(d.name, language) : id;
  };

  return (
    <section aria-labelledby="alerts-heading" data-alerts={alerts ? 'ready' : 'loading'}>
      <h2 id="alerts-heading">{t('alerts.heading')}</h2>
      <p className="hint">{t('alerts.intro')}</p>
      {failed && <p className="notice error">{t('alerts.failed')}</p>}
      {alerts && alerts.length === 0 && <p>{t('alerts.none')}</p>}
      {alerts && alerts.length > 0 && (
        <div className="table-scroll" role="region" aria-label={t('alerts.caption')} tabIndex={0}>
          <table className="data" data-table="alerts">
            <caption>{t('alerts.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('alerts.category')}</th>
                <th scope="col">{t('alerts.district')}</th>
                <th scope="col">{t('alerts.days')}</th>
                <th scope="col">{t('alerts.observed')}</th>
                <th scope="col">{t('alerts.expected')}</th>
                {monitor && <th scope="col">{t('alerts.action')}</th>}
              </tr>
            </thead>
            <tbody>
              {alerts.map((a) => (
                <tr key={a.id} data-id={a.id}>
                  <th scope="row">{categoryName(a.categoryId)}</th>
                  <td>{districtName(a.districtId)}</td>
                  <td>{a.firstDay === a.lastDay ? day(a.firstDay) : t('alerts.range', { from: day(a.firstDay), to: day(a.lastDay) })}</td>
                  <td>{t('alerts.onDay', { count: count(a.peak.observed), day: day(a.peak.day) })}</td>
                  <td>{number(Math.round(a.peak.expected * 10) / 10)}</td>
                  {monitor && (
                    <td>
                      <button type="button" className="secondary" onClick={() => void acknowledge(a.id)}>
                        {t('alerts.acknowledge')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Clusters of a chosen category's open complaints as points on the district map, and the same as a table. */
export function HotspotMap() {
  const t = useMessages(dashboardMessages);
  const { call } = useStaffSession();
  const { language, number } = useI18n();
  const { count } = useFigures();
  const categories = useCategories();
  const [categoryId, setCategoryId] = useState('');
  // The answer is kept with the category it is for, so a change of category shows nothing stale while it loads.
  const [answer, setAnswer] = useState<{ categoryId: string; data: Hotspots } | null>(null);
  const found = answer?.categoryId === categoryId ? answer.data : null;

  useEffect(() => {
    if (!categoryId) return;
    const controller = new AbortController();
    call<Hotspots>(`/api/v1/staff/analytics/hotspots?categoryId=${encodeURIComponent(categoryId)}`, { signal: controller.signal })
      .then((result) => result.ok && setAnswer({ categoryId, data: result.data }))
      .catch(() => undefined);
    return () => controller.abort();
  }, [call, categoryId]);

  const sorted = useMemo(() => [...categories].sort((a, b) => localName(a.name, language).localeCompare(localName(b.name, language))), [categories, language]);
  const chosen = categories.find((c) => c.id === categoryId);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'item', renderMode: 'richText', formatter: (p: { value: number[] }) => t('hotspots.tooltip', { count: count(p.value[2] ?? 0) }) },
      geo: { map: DISTRICT_MAP, roam: false, aspectScale: 0.82, label: { show: false }, itemStyle: { areaColor: '#eeeeee', borderColor: '#555555', borderWidth: 0.5 }, emphasis: { disabled: true } },
      series: [
        {
          type: 'scatter',
          coordinateSystem: 'geo',
          symbolSize: (value: number[]) => 6 + Math.sqrt(value[2] ?? 1) * 3,
          itemStyle: { color: '#b3261e', opacity: 0.8 },
          data: (found?.hotspots ?? []).map((h) => [h.centroid.longitude, h.centroid.latitude, h.count]),
        },
      ],
    }),
    [found, t, count],
  );

  return (
    <section aria-labelledby="hotspots-heading" data-hotspots={found ? 'ready' : categoryId ? 'loading' : 'idle'}>
      <h2 id="hotspots-heading">{t('hotspots.heading')}</h2>
      <div className="field">
        <label htmlFor="hotspot-category">{t('hotspots.category')}</label>
        <select id="hotspot-category" value={categoryId} onChange={(e) => setCategoryId(e.target.value)}>
          <option value="">{t('hotspots.choose')}</option>
          {sorted.map((c) => (
            <option key={c.id} value={c.id}>
              {localName(c.name, language)}
            </option>
          ))}
        </select>
      </div>
      {chosen && <Chart option={option} label={t('hotspots.label', { category: localName(chosen.name, language) })} className="chart map hotspots" />}
      {found && <p>{t('hotspots.points', { count: count(found.points) })}</p>}
      {found && found.hotspots.length === 0 && <p>{t('hotspots.none')}</p>}
      {found && found.hotspots.length > 0 && (
        <div className="table-scroll" role="region" aria-label={t('hotspots.caption')} tabIndex={0}>
          <table className="data" data-table="hotspots">
            <caption>{t('hotspots.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('hotspots.place')}</th>
                <th scope="col">{t('hotspots.count')}</th>
                <th scope="col">{t('hotspots.radius')}</th>
              </tr>
            </thead>
            <tbody>
              {found.hotspots.map((h) => (
                <tr key={`${h.centroid.latitude},${h.centroid.longitude}`}>
                  <th scope="row" dir="ltr">{`${h.centroid.latitude.toFixed(4)}, ${h.centroid.longitude.toFixed(4)}`}</th>
                  <td>{count(h.count)}</td>
                  <td>{number(h.radiusMetres)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
