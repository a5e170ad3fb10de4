import { randomUUID } from 'node:crypto';
import { chainEvent } from '../domain/audit/event-hash.js';
import { parsePhone } from '../domain/contact.js';
import { DUPLICATE_THRESHOLD, duplicateScore, MAX_DAYS, MAX_METRES, type DuplicatePlace, type DuplicateSide } from '../domain/duplicates/duplicate-score.js';
import { distanceKm, textFingerprint } from '../domain/duplicates/similarity.js';
import { parseTrackingCode } from '../domain/tracking-code.js';
import { complaintNotFound, invalidFields, invalidTrackingCode, type FieldProblem } from '../errors.js';
import type { ComplaintRecord, ComplaintRepository } from '../store/complaint.repository.js';
import { withTransaction, type Db, type Queryable } from '../store/db.js';
import type { DuplicateCandidate, FollowerRepository } from '../store/follower.repository.js';
import { resolveArea, type ComplaintLocation } from './location.js';
import type { ReferenceDataService } from './reference-data.service.js';

/**
 * How far back and how near a complaint must be to be offered as the same problem: beyond these the duplicate score
 * (domain/duplicates/duplicate-score.ts) is 0 whatever the text, so they bound the candidates read.
 */
export const DUPLICATE_WINDOW_DAYS = MAX_DAYS;
export const DUPLICATE_RADIUS_KM = MAX_METRES / 1000;

/** A complaint offered as possibly the same problem; no personal data (not even its text) is shown. */
export interface DuplicateSuggestion {
  code: string;
  state: string;
  areaId: string | null;
  submittedAt: Date;
  /** The duplicate score, 0 to 1: the texts' likeness times the places' nearness times the times' closeness. */
  likeness: number;
  distanceKm: number | null;
  followers: number;
}

/** "Is this your problem? Follow it instead": suggestions before filing, and following. */
export class DuplicateService {
  constructor(
    private readonly db: Db,
    private readonly reference: ReferenceDataService,
    private readonly followers: FollowerRepository,
    private readonly complaints: ComplaintRepository,
  ) {}

  /** Open complaints of the same category, nearby and recent, whose description reads like this one. */
  async similar(input: { categoryId: string; description: string; location?: ComplaintLocation }, now = new Date()): Promise<DuplicateSuggestion[]> {
    const ref = await this.reference.current();
    const problems: FieldProblem[] = [];
    if (!ref.categories.has(input.categoryId)) problems.push({ pointer: '/categoryId', detail: `unknown category "${input.categoryId}"` });
    const areaId = resolveArea(input.location, ref, problems);
    if (problems.length > 0) throw invalidFields('The search cannot be made as sent.', problems);
    const { latitude: lat, longitude: lon } = input.location ?? {};
    const point = lat !== undefined && lon !== undefined ? { lat, lon } : null;
    if (!areaId && !point) return [];
    return (await this.near(this.db, { categoryId: input.categoryId, areaId, point, description: input.description, at: now })).map(({ description: _text, ...suggestion }) => suggestion);
  }

  /**
   * For staff deciding a merge: open complaints of the same category that may be the same problem as this one, read
   * in the caller's transaction (under the reader's row-level-security scope, so only complaints they may see), with
   * their texts. The complaint's own filing time is "now": a duplicate may have been filed before it or after.
   */
  async likeComplaint(tx: Queryable, complaint: ComplaintRecord): Promise<(DuplicateSuggestion & { description: string })[]> {
    if (!complaint.categoryId) return [];
    const point = complaint.latitude !== null && complaint.longitude !== null ? { lat: complaint.latitude, lon: complaint.longitude } : null;
    return this.near(tx, { categoryId: complaint.categoryId, areaId: complaint.areaId, point, description: complaint.description, at: complaint.createdAt, excludeId: complaint.id });
  }

  /** Open complaints of the category in the same district or around the point, since the window before `at`, ranked. */
  private async near(
    db: Queryable,
    q: { categoryId: string; areaId: string | null; point: { lat: number; lon: number } | null; description: string; at: Date; excludeId?: string },
  ): Promise<(DuplicateSuggestion & { description: string })[]> {
    if (!q.areaId && !q.point) return [];
    const district = q.areaId ? districtOf(q.areaId) : null;
    const candidates = await this.followers.candidates(db, {
      categoryId: q.categoryId,
      // The same district: a neighbouring tehsil may well be the same street.
      areaPrefix: district,
      box: q.point ? boxAround(q.point.lat, q.point.lon, DUPLICATE_RADIUS_KM) : null,
      // Both sides of `at`: a staff member's complaint may have been filed before its duplicate or after it.
      since: new Date(q.at.getTime() - DUPLICATE_WINDOW_DAYS * 24 * 3600 * 1000),
      until: new Date(q.at.getTime() + DUPLICATE_WINDOW_DAYS * 24 * 3600 * 1000),
      limit: 300,
    });
    const others = candidates.filter((c) => c.id !== q.excludeId);
    return rank({ text: textFingerprint(q.description), place: { districtId: district, point: q.point }, at: q.at }, others);
  }

  /** Adds the citizen as a follower of a complaint (they will hear its public updates); false if already following. */
  async follow(codeInput: string, contact: { phone?: string; email?: string; name?: string; language?: 'en' | 'ur' | 'ps' }, now = new Date()): Promise<{ code: string; added: boolean }> {
    const code = parseTrackingCode(codeInput);
    if (!code) throw invalidTrackingCode(codeInput);
    const phone = contact.phone ? parsePhone(contact.phone) : null;
    const email = contact.email?.trim() || null;
    if (contact.phone && !phone) throw invalidFields('The phone number is not valid.', [{ pointer: '/phone', detail: 'not a valid phone number' }]);
    if (!phone && !email) throw invalidFields('Give a phone number or an e-mail address to follow a complaint.', [{ pointer: '/phone', detail: 'a phone number or an e-mail address is required' }]);
    return withTransaction(this.db, async (tx) => {
      const complaint = await this.complaints.lockByCode(tx, code);
      if (!complaint) throw complaintNotFound(code);
      const citizen = {
        id: randomUUID(),
        name: contact.name?.trim() || null,
        phone: phone?.e164 ?? null,
        email,
        cnic: null,
        address: null,
        countryCode: phone?.country ?? null,
        language: contact.language ?? 'ur',
        createdAt: now,
      };
      if (!(await this.followers.follow(tx, complaint.id, citizen))) return { code, added: false };
      // The timeline shows that one more citizen has the same problem, never who.
      const event = chainEvent(
        { complaintId: complaint.id, eventCount: complaint.eventCount, lastEventHash: complaint.lastEventHash },
        { type: 'follower_added', actorRole: 'citizen', actorId: citizen.id, visibility: 'public', payload: {}, createdAt: now },
      );
      await this.complaints.appendEvent(tx, event);
      return { code, added: true };
    });
  }
}

/** The candidates scoring at least the threshold against `mine`, most alike first, at most five, figures rounded. */
function rank(mine: DuplicateSide, candidates: DuplicateCandidate[]): (DuplicateSuggestion & { description: string })[] {
  const point = mine.place.point;
  return candidates
    .map((c) => {
      const place: DuplicatePlace = { districtId: c.areaId ? districtOf(c.areaId) : null, point: c.latitude !== null && c.longitude !== null ? { lat: c.latitude, lon: c.longitude } : null };
      const km = point && place.point ? distanceKm(point.lat, point.lon, place.point.lat, place.point.lon) : null;
      const score = duplicateScore(mine, { text: textFingerprint(c.description), place, at: c.createdAt });
      return { code: c.code, state: c.state, areaId: c.areaId, submittedAt: c.createdAt, followers: c.followers, distanceKm: km, likeness: score, description: c.description };
    })
    .filter((s) => s.likeness >= DUPLICATE_THRESHOLD)
    .sort((a, b) => b.likeness - a.likeness)
    .slice(0, 5)
    .map((s) => ({ ...s, likeness: Math.round(s.likeness * 100) / 100, distanceKm: s.distanceKm === null ? null : Math.round(s.distanceKm * 10) / 10 }));
}

/** The district an area id lies in (kp.<division>.<district>[.<tehsil>]); a division is its own "district". */
function districtOf(areaId: string): string {
  return areaId.split('.').slice(0, 3).join('.');
}

function boxAround(lat: number, lon: number, km: number): [number, number, number, number] {
  const dLat = km / 111.32;
  const dLon = km / (111.32 * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
  return [lat - dLat, lat + dLat, lon - dLon, lon + dLon];
}
