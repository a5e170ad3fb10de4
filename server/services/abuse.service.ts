import { createHash } from 'node:crypto';
import { emailIdentityKey, emailLookupKey, parsePhone } from '../domain/contact.js';
import { networkKey } from '../domain/abuse/network.js';
import { fixedVerdict, slidingVerdict, type RateLimit, type RateVerdict } from '../domain/abuse/rate-limit.js';
import { canReviewAbuse } from '../domain/permissions/abuse.js';
import type { StaffActor } from '../domain/permissions/jurisdiction.js';
import { abuseRecordNotFound, abuseReviewForbidden, dailyCapReached, invalidFields, tooManyFromCitizen, tooManyFromNetwork, type FieldProblem } from '../errors.js';
import type { AbuseExemptionRecord, AbuseFlagRecord, AbuseRepository, CounterKey, CounterRow, RateCounterWriter } from '../store/abuse.repository.js';
import type { Db } from '../store/db.js';

/** The limits in force (from configuration); null switches one off. */
export interface AbusePolicy {
  network: RateLimit | null;
  citizen: RateLimit | null;
  dailyCap: number | null;
  helpline: string | null;
}

/** One way a citizen is known: the identity counted (normalised), and the lookup value their citizens rows hold. */
export interface CitizenIdentity {
  kind: 'phone' | 'email';
  identity: string;
  lookup: string;
}

/** Turns a (kind, normalised value) into the key counters and flags store: never the value itself. */
export type KeyHasher = (kind: string, value: string) => Buffer;

/** sha256 over the kind and the value: enough for network addresses, reversible by enumeration for phone numbers. */
export const sha256Key: KeyHasher = (kind, value) => createHash('sha256').update(`${kind}:${value}`).digest();

/**
 * Counter keys for contacts through a keyed blind index (the field cipher's), so the counters table cannot be turned
 * back into phone numbers by trying them all; network addresses keep the plain hash.
 */
export function keyedContactHasher(blindIndex: (kind: 'phone' | 'email', value: string) => string): KeyHasher {
  return (kind, value) => (kind === 'phone' || kind === 'email' ? sha256Key(kind, blindIndex(kind, value)) : sha256Key(kind, value));
}

const DAY_SECONDS = 86_400;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Days are Pakistan's (UTC+5, no daylight saving): the cap resets at midnight where the citizen is told it does.
const PAKISTAN_OFFSET_SECONDS = 5 * 3600;

/**
 * Abuse control on complaint submission, shared by every server process through PostgreSQL: a short limit per
 * client network and per citizen (sliding windows), and a daily cap per citizen. A citizen over the daily cap is
 * refused with the time they can file again and the helpline, and flagged for staff review (not silently blocked);
 * staff clear flags, or exempt a citizen who legitimately files many (e.g. a community representative).
 */
export class AbuseService {
  constructor(
    private readonly db: Db,
    private readonly repository: AbuseRepository,
    private readonly counter: RateCounterWriter,
    private readonly policy: AbusePolicy,
    private readonly lookupOf: LookupOf,
    private readonly hashKey: KeyHasher = sha256Key,
  ) {}

  /** The ways a citizen who gave this contact is counted and found (see citizenIdentities). */
  identities(phoneE164: string | null, email: string | null): CitizenIdentity[] {
    return citizenIdentities(phoneE164, email, this.lookupOf);
  }

  /**
   * Counts a submission against the client's network (IPv4 address or IPv6 /64) on its own, before its body is read
   * (used for large bodies, so that a flood of them is refused unread); 429 over the limit.
   */
  async checkNetwork(ip: string): Promise<void> {
    const rule = this.policy.network;
    if (!rule) return;
    const { counters, now } = await this.counter.count([this.networkCounter(ip, rule)], []);
    const verdict = slidingVerdict(counters[0]!, rule, now);
    if (!verdict.allowed) throw tooManyFromNetwork(verdict.retryAfterSeconds);
  }

  /**
   * Counts a valid submission against each way the citizen is known (phone, e-mail) and, when `ip` is given (not
   * yet counted by checkNetwork), against the client's network, in one round trip. Over a citizen limit the
   * citizen counts are taken back (they count what was filed, not attempts; the network counts every attempt) and
   * a 429 thrown; over the daily cap the citizen is also flagged for review. Exempt citizens pass the citizen limits.
   */
  async checkSubmission(identities: CitizenIdentity[], ip: string | null = null): Promise<void> {
    const { network, citizen, dailyCap } = this.policy;
    const keys = citizen || dailyCap !== null ? identities.map((identity) => ({ ...identity, keyHash: this.hashKey(identity.kind, identity.identity) })) : [];
    const citizenCounters: CounterKey[] = keys.flatMap((key) => [
      ...(citizen ? [{ scope: 'citizen', keyHash: key.keyHash, windowSeconds: citizen.windowSeconds, offsetSeconds: 0 }] : []),
      ...(dailyCap !== null ? [{ scope: 'citizen_day', keyHash: key.keyHash, windowSeconds: DAY_SECONDS, offsetSeconds: PAKISTAN_OFFSET_SECONDS }] : []),
    ]);
    const networkCounters = ip !== null && network ? [this.networkCounter(ip, network)] : [];
    if (citizenCounters.length + networkCounters.length === 0) return;
    const result = await this.counter.count([...networkCounters, ...citizenCounters], keys.map((k) => k.keyHash));
    const { now } = result;
    const counters = result.counters.slice(networkCounters.length);
    const takeBack = () => this.repository.unhit(this.db, counters.map((c, i) => ({ ...c, windowSeconds: citizenCounters[i]!.windowSeconds })));
    if (network && networkCounters.length > 0) {
      const verdict = slidingVerdict(result.counters[0]!, network, now);
      if (!verdict.allowed) {
        if (counters.length > 0) await takeBack();
        throw tooManyFromNetwork(verdict.retryAfterSeconds);
      }
    }
    if (result.exempt || counters.length === 0) return;
    const overCap = dailyCap === null ? null : refusal(counters, 'citizen_day', (c) => fixedVerdict(c, dailyCap, DAY_SECONDS, now));
    const overLimit = citizen ? refusal(counters, 'citizen', (c) => slidingVerdict(c, citizen, now)) : null;
    if (!overCap && !overLimit) return;
    await takeBack();
    if (overCap && dailyCap !== null) {
      const key = keys.find((k) => k.keyHash.equals(overCap.counter.keyHash))!;
      await this.repository.flag(this.db, key, dailyCap, now);
      const retryAt = new Date(overCap.counter.windowStart.getTime() + DAY_SECONDS * 1000);
      throw dailyCapReached(dailyCap, retryAt, overCap.verdict.retryAfterSeconds, this.policy.helpline);
    }
    throw tooManyFromCitizen(overLimit!.verdict.retryAfterSeconds, this.policy.helpline);
  }

  /**
   * Counts one message from an e-mail sender on an inbound channel against `rule` (a sliding window); exempt senders
   * always pass. False when the message is over the limit: the channel then holds it for review rather than act on it.
   */
  async countSender(scope: string, email: string, rule: RateLimit): Promise<boolean> {
    const keyHash = this.hashKey('email', emailIdentityKey(email));
    const { counters, now, exempt } = await this.counter.count([{ scope, keyHash, windowSeconds: rule.windowSeconds, offsetSeconds: 0 }], [keyHash]);
    return exempt || slidingVerdict(counters[0]!, rule, now).allowed;
  }

  /** Flags for review (default: open ones), most recent first. */
  async listFlags(actor: StaffActor, options: { status?: 'open' | 'cleared' | 'exempted' | 'all'; limit?: number } = {}): Promise<AbuseFlagRecord[]> {
    this.authorise(actor);
    const status = options.status ?? 'open';
    const statuses = status === 'all' ? ['open', 'cleared', 'exempted'] : [status];
    return this.repository.listFlags(this.db, statuses, Math.min(Math.max(options.limit ?? 100, 1), 500));
  }

  /** Closes an open flag with no further action (the citizen keeps the normal limits). */
  async clearFlag(actor: StaffActor, flagId: string, note = '', now = new Date()): Promise<void> {
    this.authorise(actor);
    if (!UUID.test(flagId) || !(await this.repository.clearFlag(this.db, flagId, actor.id, note.trim().slice(0, 500), now))) throw abuseRecordNotFound('flag', flagId);
  }

  /** Exempts the citizen of an open flag from the per-citizen limits (until `expiresAt`, or until revoked), closing the flag. */
  async exemptFlag(actor: StaffActor, flagId: string, reason: string, expiresAt: Date | null = null, now = new Date()): Promise<AbuseExemptionRecord> {
    this.authorise(actor);
    const grantReason = checkedReason(reason, expiresAt, now);
    const flag = UUID.test(flagId) ? await this.repository.openFlag(this.db, flagId) : null;
    if (!flag) throw abuseRecordNotFound('flag', flagId);
    return this.repository.exempt(this.db, { ...flag, lookup: null, reason: grantReason, by: actor.id, expiresAt }, now);
  }

  /** Exempts a citizen by phone or e-mail before they are ever flagged (e.g. a known community representative). */
  async exemptContact(actor: StaffActor, contact: { phone?: string; email?: string }, reason: string, expiresAt: Date | null = null, now = new Date()): Promise<AbuseExemptionRecord[]> {
    this.authorise(actor);
    const grantReason = checkedReason(reason, expiresAt, now);
    const problems: FieldProblem[] = [];
    const identities = this.identities(contact.phone ? parsePhone(contact.phone)?.e164 ?? null : null, contact.email?.trim() || null);
    if (contact.phone && !identities.some((i) => i.kind === 'phone')) problems.push({ pointer: '/phone', detail: 'not a valid phone number' });
    if (!contact.phone && !contact.email) problems.push({ pointer: '/phone', detail: 'give a phone number or an e-mail address' });
    if (problems.length > 0) throw invalidFields('The exemption cannot be granted as sent.', problems);
    const granted: AbuseExemptionRecord[] = [];
    for (const identity of identities) {
      const keyHash = this.hashKey(identity.kind, identity.identity);
      granted.push(await this.repository.exempt(this.db, { keyHash, keyKind: identity.kind, lookup: identity.lookup, citizenId: null, reason: grantReason, by: actor.id, expiresAt }, now));
    }
    return granted;
  }

  /** Exemptions in force. */
  async listExemptions(actor: StaffActor, now = new Date()): Promise<AbuseExemptionRecord[]> {
    this.authorise(actor);
    return this.repository.listExemptions(this.db, now);
  }

  /** Ends an exemption; the citizen is under the normal limits again. */
  async revokeExemption(actor: StaffActor, exemptionId: string, now = new Date()): Promise<void> {
    this.authorise(actor);
    if (!UUID.test(exemptionId) || !(await this.repository.revokeExemption(this.db, exemptionId, actor.id, now))) throw abuseRecordNotFound('exemption', exemptionId);
  }

  private networkCounter(ip: string, rule: RateLimit): CounterKey {
    return { scope: 'network', keyHash: this.hashKey('network', networkKey(ip)), windowSeconds: rule.windowSeconds, offsetSeconds: 0 };
  }

  private authorise(actor: StaffActor): void {
    if (!canReviewAbuse(actor)) throw abuseReviewForbidden();
  }
}

/**
 * The ways a citizen who gave this contact is counted: the phone in E.164, the e-mail by its mailbox (tags and Gmail
 * dots ignored); `lookup` is what citizens rows hold for it (see complaint-intake.service.ts citizenRow).
 */
export function citizenIdentities(phoneE164: string | null, email: string | null, lookupOf: LookupOf): CitizenIdentity[] {
  return [
    ...(phoneE164 ? [{ kind: 'phone' as const, identity: phoneE164, lookup: lookupOf('phone', phoneE164) }] : []),
    ...(email ? [{ kind: 'email' as const, identity: emailIdentityKey(email), lookup: lookupOf('email', emailLookupKey(email)) }] : []),
  ];
}

/** The lookup value citizens rows hold for a normalised contact: the field cipher's blind index under the current key. */
export type LookupOf = (kind: 'phone' | 'email', normalised: string) => string;

// The first counter of a scope that refuses, with its verdict.
function refusal(counters: CounterRow[], scope: string, judge: (c: CounterRow) => RateVerdict): { counter: CounterRow; verdict: RateVerdict } | null {
  for (const counter of counters) {
    if (counter.scope !== scope) continue;
    const verdict = judge(counter);
    if (!verdict.allowed) return { counter, verdict };
  }
  return null;
}

function checkedReason(reason: string, expiresAt: Date | null, now: Date): string {
  const problems: FieldProblem[] = [];
  const trimmed = reason.trim();
  if (trimmed.length === 0 || trimmed.length > 500) problems.push({ pointer: '/reason', detail: 'say why, in 1 to 500 characters' });
  if (expiresAt && expiresAt.getTime() <= now.getTime()) problems.push({ pointer: '/expiresAt', detail: 'must be in the future' });
  if (problems.length > 0) throw invalidFields('The exemption cannot be granted as sent.', problems);
  return trimmed;
}
