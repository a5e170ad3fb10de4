import { randomUUID } from 'node:crypto';
import { chainEvent } from '../domain/audit/event-hash.js';
import { parsePhone } from '../domain/contact.js';
import { distanceKm, likeness, trigrams } from '../domain/duplicates/similarity.js';
import { parseTrackingCode } from '../domain/tracking-code.js';
import { complaintNotFound, invalidFields, invalidTrackingCode, type FieldProblem } from '../errors.js';
import type { ComplaintRepository } from '../store/complaint.repository.js';
import { withTransaction, type Db } from '../store/db.js';
import type { FollowerRepository } from '../store/follower.repository.js';
import { resolveArea, type ComplaintLocation } from './location.js';
import type { ReferenceDataService } from './reference-data.service.js';

/** How far back and how near a complaint must be to be offered as the same problem. */
export const DUPLICATE_WINDOW_DAYS = 30;
export const DUPLICATE_RADIUS_KM = 2;
/**
 * Trigram likeness from which two descriptions are offered as the same problem. Measured on real grievance texts
 * (duplicates.test.ts): a retelling of a complaint scores 0.71 or more, unrelated complaints 0.16 at the median.
 */
export const DUPLICATE_LIKENESS = 0.6;

/** A complaint offered as possibly the same problem; no personal data (not even its text) is shown. */
export interface DuplicateSuggestion {
  code: string;
  state: string;
  areaId: string | null;
  submittedAt: Date;
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
    const candidates = await this.followers.candidates(this.db, {
      categoryId: input.categoryId,
      // The same district: a neighbouring tehsil may well be the same street.
      areaPrefix: areaId ? areaId.split('.').slice(0, 3).join('.') : null,
      box: point ? boxAround(point.lat, point.lon, DUPLICATE_RADIUS_KM) : null,
      since: new Date(now.getTime() - DUPLICATE_WINDOW_DAYS * 24 * 3600 * 1000),
      limit: 300,
    });
    const mine = trigrams(input.description);
    return candidates
      .map((c) => {
        const km = point && c.latitude !== null && c.longitude !== null ? distanceKm(point.lat, point.lon, c.latitude, c.longitude) : null;
        return { code: c.code, state: c.state, areaId: c.areaId, submittedAt: c.createdAt, followers: c.followers, distanceKm: km, likeness: likeness(mine, trigrams(c.description)) };
      })
      .filter((s) => s.likeness >= DUPLICATE_LIKENESS && (s.distanceKm === null || s.distanceKm <= DUPLICATE_RADIUS_KM))
      .sort((a, b) => b.likeness - a.likeness)
      .slice(0, 5)
      .map((s) => ({ ...s, likeness: Math.round(s.likeness * 100) / 100, distanceKm: s.distanceKm === null ? null : Math.round(s.distanceKm * 10) / 10 }));
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

function boxAround(lat: number, lon: number, km: number): [number, number, number, number] {
  const dLat = km / 111.32;
  const dLon = km / (111.32 * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
  return [lat - dLat, lat + dLat, lon - dLon, lon + dLon];
}
