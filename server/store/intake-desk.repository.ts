import type pg from 'pg';
import { sqlState, type Queryable } from './db.js';

/** A complaint as the helpline reads it back to a caller: no text, no contact, no place beyond the office. */
export interface CallerComplaintRow {
  code: string;
  categoryId: string;
  state: string;
  channel: string;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
}

/** A call the helpline logged. */
export interface IntakeCallRow {
  id: string;
  agentId: string;
  /** Blind index of the caller's number (never the number itself). */
  callerLookup: string | null;
  durationSeconds: number;
  outcome: string;
  complaintId: string | null;
  createdAt: Date;
}

/** An entry of an office's letter diary. */
export interface LetterRow {
  id: string;
  officeId: string;
  diaryNumber: string;
  receivedOn: string;
  complaintId: string;
  agentId: string;
  pageCount: number;
  createdAt: Date;
}

/** A diary entry with its complaint's code and state, as the desk reads it. */
export interface LetterRecord extends LetterRow {
  code: string;
  state: string;
  categoryId: string;
}

const LETTER_SELECT = `select l.id, l.office_id, l.diary_number, to_char(l.received_on, 'YYYY-MM-DD') as received_on, l.complaint_id, l.agent_id,
  l.page_count, l.created_at, c.code, c.state, c.category_id from intake_letters l join complaints c on c.id = l.complaint_id`;

/** The intake desk's own rows: calls logged and the letter diary; and the complaints a caller filed. */
export class IntakeDeskRepository {
  /** The complaints filed by any of these citizens rows (a caller's number may match several), newest first. */
  async complaintsOfCitizens(q: Queryable, citizenIds: string[], limit: number): Promise<CallerComplaintRow[]> {
    if (citizenIds.length === 0) return [];
    const { rows } = await q.query(
      `select code, category_id, state, channel, created_at, updated_at, closed_at from complaints
        where citizen_id = any($1::uuid[]) order by created_at desc, id limit $2`,
      [citizenIds, limit],
    );
    return rows.map((r) => ({ code: r.code, categoryId: r.category_id, state: r.state, channel: r.channel, createdAt: r.created_at, updatedAt: r.updated_at, closedAt: r.closed_at }));
  }

  /** The complaints an intake agent filed (their submitted event names the agent), newest first. */
  async filingsOf(q: Queryable, agentId: string, limit: number): Promise<CallerComplaintRow[]> {
    const { rows } = await q.query(
      `select c.code, c.category_id, c.state, c.channel, c.created_at, c.updated_at, c.closed_at
         from complaint_events e join complaints c on c.id = e.complaint_id
        where e.seq = 1 and e.actor_role = 'intake_agent' and e.actor_id = $1
        order by e.created_at desc, e.id desc limit $2`,
      [agentId, limit],
    );
    return rows.map((r) => ({ code: r.code, categoryId: r.category_id, state: r.state, channel: r.channel, createdAt: r.created_at, updatedAt: r.updated_at, closedAt: r.closed_at }));
  }

  /** The id of the complaint with this code, or null. */
  async complaintIdByCode(q: Queryable, code: string): Promise<string | null> {
    const { rows } = await q.query('select id from complaints where code = $1', [code]);
    return rows[0]?.id ?? null;
  }

  /** Logs a call. */
  async insertCall(q: Queryable, call: IntakeCallRow): Promise<void> {
    await q.query('insert into intake_calls (id, agent_id, caller_lookup, duration_seconds, outcome, complaint_id, created_at) values ($1, $2, $3, $4, $5, $6, $7)', [
      call.id,
      call.agentId,
      call.callerLookup,
      call.durationSeconds,
      call.outcome,
      call.complaintId,
      call.createdAt,
    ]);
  }

  /**
   * Enters a letter in its office's diary, in the caller's transaction; false when the office's diary already has the
   * number (the unique constraint decides, so two desks entering one letter at once cannot both succeed). A savepoint
   * keeps the transaction usable after the refusal.
   */
  async insertLetter(tx: pg.PoolClient, letter: LetterRow): Promise<boolean> {
    await tx.query('savepoint diary_entry');
    try {
      await tx.query(
        'insert into intake_letters (id, office_id, diary_number, received_on, complaint_id, agent_id, page_count, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8)',
        [letter.id, letter.officeId, letter.diaryNumber, letter.receivedOn, letter.complaintId, letter.agentId, letter.pageCount, letter.createdAt],
      );
      await tx.query('release savepoint diary_entry');
      return true;
    } catch (error) {
      if (sqlState(error) !== '23505') throw error;
      await tx.query('rollback to savepoint diary_entry');
      return false;
    }
  }

  /** A diary entry by office and (normalised) number. */
  async letterByDiaryNumber(q: Queryable, officeId: string, diaryNumber: string): Promise<LetterRecord | null> {
    const { rows } = await q.query(`${LETTER_SELECT} where l.office_id = $1 and l.diary_number = $2`, [officeId, diaryNumber]);
    return rows[0] ? toLetter(rows[0]) : null;
  }

  /** A diary entry by id. */
  async letterById(q: Queryable, id: string): Promise<LetterRecord | null> {
    const { rows } = await q.query(`${LETTER_SELECT} where l.id = $1`, [id]);
    return rows[0] ? toLetter(rows[0]) : null;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a pg row; its shape is LETTER_SELECT
function toLetter(r: Record<string, any>): LetterRecord {
  return {
    id: r.id,
    officeId: r.office_id,
    diaryNumber: r.diary_number,
    receivedOn: r.received_on,
    complaintId: r.complaint_id,
    agentId: r.agent_id,
    pageCount: r.page_count,
    createdAt: r.created_at,
    code: r.code,
    state: r.state,
    categoryId: r.category_id,
  };
}
