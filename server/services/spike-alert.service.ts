/**
 * Spike alerts for monitors: each morning the job (JudgeSpikeAlertsTask) judges yesterday per category × district
 * against the baseline of the 182 days before it, province-wide, and keeps the alerts as episodes (consecutive alert
 * days of one cell are one episode). Department and provincial monitors whose scope covers a new episode are told
 * once, by e-mail through the outbox; every monitor sees the episodes of their scope on the dashboard and may
 * acknowledge one (audit-logged).
 *
 * Holidays: the office calendar's holidays are "no data" (null) in every series — neither judged nor learnt from —
 * so a day the offices are shut neither alarms (a queue at the one open desk) nor drags the baseline of the days
 * after it down. A holiday between two alert days does not break their episode.
 */
import { dayNumber, dayString, spikeAlerts } from '../ai/spikes/spike-alerts.js';
import { AUDIT_ACTIONS } from '../domain/audit/audit-log-hash.js';
import type { StaffActor } from '../domain/permissions/jurisdiction.js';
import { jurisdictionKeys } from '../domain/permissions/jurisdiction.js';
import { karachiToday } from '../domain/statistics/metrics.js';
import { roleNotAllowed, spikeAlertAcknowledged, spikeAlertNotFound } from '../errors.js';
import { withAdvisoryLock, withStaffScope, withTransaction, type Db, type Queryable } from '../store/db.js';
import type { AnalyticsRepository } from '../store/analytics.repository.js';
import type { HolidayRepository } from '../store/holiday.repository.js';
import type { PendingMessage } from '../store/outbox.repository.js';
import { SPIKE_ALERT_TOPIC, type SpikeAlertRepository, type SpikeEpisode } from '../store/spike-alert.repository.js';
import { SPIKE_HISTORY_DAYS } from './analytics.service.js';
import type { AuditRecorder } from './audit.js';
import type { StaffMail } from './notification.service.js';
import type { ReferenceDataService } from './reference-data.service.js';

/** What one judging run did. */
export interface SpikeJudgement {
  day: string;
  /** False when the day is a holiday (not judged, by the rule above). */
  judged: boolean;
  alerts: number;
  opened: number;
  extended: number;
  notified: number;
}

const JUDGE_LOCK = 0x656b7370; // "eksp": one run at a time across processes
// How far back a holiday stretch may reach between two alert days of one episode (Eid holidays last up to a week).
const MAX_HOLIDAY_GAP = 14;

/** The last day before `day` that is not a holiday (the day an episode must have reached to be extended). */
export function previousWorkingDay(day: string, holidays: ReadonlySet<string>): string {
  let n = dayNumber(day) - 1;
  for (let i = 0; i < MAX_HOLIDAY_GAP && holidays.has(dayString(n)); i++) n--;
  return dayString(n);
}

/** Judges days into alert episodes, tells the monitors, lists and acknowledges episodes. */
export class SpikeAlertService {
  constructor(
    /** The service pool: the job judges the whole province. */
    private readonly db: Db,
    /** The row-level-security pool: staff list and acknowledge what their keys reach. */
    private readonly staffDb: Db,
    private readonly reference: ReferenceDataService,
    private readonly analytics: AnalyticsRepository,
    private readonly alerts: SpikeAlertRepository,
    private readonly holidays: HolidayRepository,
    private readonly audit: AuditRecorder,
  ) {}

  /** Judges one Karachi day (default yesterday). Safe to run twice: a day already judged opens and tells nothing new. */
  async judgeDay(day?: string, now = new Date()): Promise<SpikeJudgement> {
    const target = day ?? dayString(dayNumber(karachiToday(now)) - 1);
    const historyFrom = dayString(dayNumber(target) - SPIKE_HISTORY_DAYS);
    const holidays = new Set(await this.holidays.datesBetween(this.db, dayString(dayNumber(historyFrom) - MAX_HOLIDAY_GAP), target));
    const result: SpikeJudgement = { day: target, judged: !holidays.has(target), alerts: 0, opened: 0, extended: 0, notified: 0 };
    if (!result.judged) return result;
    const ref = await this.reference.current();
    const counts = await this.analytics.dailyCounts(this.db, { start: karachiStart(historyFrom), end: karachiStart(dayString(dayNumber(target) + 1)) });
    const found = spikeAlerts(counts, { historyFrom, from: target, to: target, noData: holidays });
    result.alerts = found.length;
    const previous = previousWorkingDay(target, holidays);
    await withAdvisoryLock(this.db, JUDGE_LOCK, async () => {
      for (const alert of found) {
        const departmentId = ref.categories.get(alert.category)?.departmentId;
        if (!departmentId) continue;
        const day = { categoryId: alert.category, departmentId, districtId: alert.district, day: alert.day, observed: alert.observed, expected: alert.expected, pValue: alert.pValue, test: alert.test };
        await withTransaction(this.db, async (tx) => {
          const around = await this.alerts.episodeAround(tx, day, target, previous);
          if (around?.covers) return; // judged before: nothing new
          if (around) {
            await this.alerts.extend(tx, around.episode.id, day, now);
            result.extended++;
            return;
          }
          const id = await this.alerts.open(tx, day, now);
          if (!id) return;
          result.opened++;
          for (const monitor of await this.alerts.monitorsOf(tx, departmentId, alert.district)) if (await this.alerts.notify(tx, id, monitor, now)) result.notified++;
        });
      }
    });
    return result;
  }

  /** Episodes in the staff member's jurisdiction (row-level security), newest first. */
  async list(actor: StaffActor, query: { status?: 'open' | 'acknowledged' | undefined; limit?: number | undefined }): Promise<SpikeEpisode[]> {
    return withStaffScope(this.staffDb, actor, (tx) => this.alerts.list(tx, { status: query.status, keys: jurisdictionKeys(actor), limit: query.limit ?? 100 }));
  }

  /** A monitor acknowledges an open episode of their scope; on the audit log in the same transaction. */
  async acknowledge(actor: StaffActor, id: string, note: string, ip: string | null, now = new Date()): Promise<SpikeEpisode> {
    if (actor.role !== 'department_monitor' && actor.role !== 'provincial_monitor') throw roleNotAllowed('acknowledge spike alerts');
    const text = note.trim().slice(0, 1000) || null;
    return withStaffScope(this.staffDb, actor, async (tx) => {
      const episode = await this.alerts.find(tx, id);
      if (!episode) throw spikeAlertNotFound();
      if (!(await this.alerts.acknowledge(tx, id, actor.id, text, now))) throw spikeAlertAcknowledged();
      await this.audit(tx, { action: AUDIT_ACTIONS.spikeAlertAcknowledged, actorRole: actor.role, actorId: actor.id, subjectType: 'spike_alert', subjectId: id, payload: { categoryId: episode.categoryId, districtId: episode.districtId, firstDay: episode.firstDay, note: text }, ip, createdAt: now });
      return { ...episode, status: 'acknowledged', acknowledgedBy: actor.id, acknowledgedAt: now, note: text };
    });
  }
}

// The first instant of a Karachi day (UTC+5 all year).
function karachiStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00+05:00`));
}

/** The monitors' e-mail of a new spike alert episode (NotificationService delivers it like any outbox row). */
export class SpikeAlertMail implements StaffMail {
  constructor(
    private readonly alerts: SpikeAlertRepository,
    private readonly reference: ReferenceDataService,
    private readonly publicUrl: string,
  ) {}

  async compose(tx: Queryable, message: PendingMessage): Promise<{ to: string | null; subject: string; text: string } | null> {
    const alertId = message.payload.alertId;
    if (message.topic !== SPIKE_ALERT_TOPIC || typeof alertId !== 'string' || !message.recipientStaffId) return null;
    const context = await this.alerts.mailContext(tx, message.recipientStaffId, alertId);
    if (!context) return null;
    const ref = await this.reference.current();
    const { episode } = context;
    const category = ref.categories.get(episode.categoryId)?.name.en ?? episode.categoryId;
    const district = ref.areas.get(episode.districtId)?.name.en ?? episode.districtId;
    const { peak } = episode;
    const what = peak.test === 'day' ? `${peak.observed} complaints on ${peak.day}` : `the 7 days to ${peak.day} (${peak.observed} that day)`;
    return {
      to: context.email,
      subject: `Spike alert: ${category} in ${district}`,
      text: [
        `More complaints than expected: ${category} in ${district}.`,
        `${what}; about ${peak.expected.toFixed(1)} expected that day from the last 26 weeks (chance ${peak.pValue.toExponential(1)}).`,
        '',
        `See the alert and acknowledge it on the dashboard: ${this.publicUrl}/staff/dashboard`,
      ].join('\n'),
    };
  }
}
