import { createHash, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { DeliveryResult, OutboundChannel, OutboundMessage } from '../channels/channel.js';
import { emailLookupKey, maskEmail, maskPhone, parseSignInContact, westernDigits, type SignInContact } from '../domain/contact.js';
import { needsTouch, sessionStatus, type SessionLimits } from '../domain/identity/session-policy.js';
import { secondsLeftInWindow, SIGN_IN_CODE_TTL_MS, signInCodeStatus, windowStart, wrongTryExhausts } from '../domain/identity/sign-in-code.js';
import { invalidFields, signInChannelUnavailable, signInCodeInvalid, signInCodeNotSent, signInRateLimited } from '../errors.js';
import type { Logger } from '../logger.js';
import type { CitizenAccountRecord, CitizenAccountRepository, ContactLookups } from '../store/citizen-account.repository.js';
import type { CitizenSessionRecord, CitizenSessionRepository } from '../store/citizen-session.repository.js';
import { withTransaction, type Db } from '../store/db.js';
import type { SignInCodeRepository } from '../store/sign-in-code.repository.js';
import type { SignInRateLimitRepository } from '../store/sign-in-rate-limit.repository.js';
import type { AuditRecorder } from './audit.js';
import { renderSignInCode } from './sign-in-templates.js';
import { tokenHash, type ClientInfo } from './staff-auth.service.js';

/** The ways a sign-in code can travel. */
export type CodeChannel = 'sms' | 'whatsapp' | 'email';

/** The adapters that can carry codes; null where the server has none configured. */
export type CodeChannels = Record<CodeChannel, OutboundChannel | null>;

/** A signed-in citizen, as the routes see them. */
export interface CitizenSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  account: CitizenAccountRecord;
  /** The verified contacts, normalised: what the citizen's complaints are matched on (by blind index). */
  lookups: ContactLookups;
}

/** What the citizen is told after asking for a code (the same whether or not the contact is known). */
export interface CodeSent {
  channel: CodeChannel;
  sentTo: string;
  expiresAt: Date;
}

/** Per-hour limits on asking for and trying codes. */
export interface SignInLimits {
  codesPerContact: number;
  codesPerIp: number;
  triesPerContact: number;
  triesPerIp: number;
}

const LIMIT_WINDOW_MS = 60 * 60_000;
// After a provider's passing failure, a short wait is enough; the citizen may also pick another channel at once.
const RETRY_SEND_AFTER_SECONDS = 30;

/**
 * Citizen sign-in by a one-time code sent to their phone (SMS or WhatsApp) or e-mail. Asking for a code looks the
 * same whether or not the contact has ever been used, because nothing is looked up: any number can sign in, and
 * sees the complaints filed with it. Codes live 10 minutes, are kept only as a salted hash and stop after 5 wrong
 * tries; asking and trying are rate-limited per contact and per IP address in PostgreSQL, so the limits hold across
 * processes. Sessions are server-side, with idle and absolute limits; sign-in always issues a new token.
 */
export class CitizenAuthService {
  constructor(
    private readonly db: Db,
    private readonly repos: { accounts: CitizenAccountRepository; sessions: CitizenSessionRepository; codes: SignInCodeRepository; rateLimits: SignInRateLimitRepository },
    private readonly channels: CodeChannels,
    private readonly options: { sessionLimits: SessionLimits; signInLimits: SignInLimits; sendTimeoutMs: number },
    private readonly audit: AuditRecorder,
    private readonly log: Pick<Logger, 'warn'> | null = null,
  ) {}

  /** The channels codes can be sent by on this server. */
  availableChannels(): CodeChannel[] {
    return (['sms', 'whatsapp', 'email'] as const).filter((c) => this.channels[c] !== null);
  }

  /**
   * Sends a new code to the phone number or e-mail address (replacing any earlier code), synchronously: the citizen
   * learns at once if it could not be sent. Refuses (429) past the per-contact or per-address limit.
   */
  async requestCode(input: { phone?: string; email?: string; channel?: CodeChannel; language?: 'en' | 'ur' | 'ps' }, client: ClientInfo, now = new Date()): Promise<CodeSent> {
    const contact = readContact(input);
    const channelName = this.pickChannel(contact, input.channel);
    const channel = this.channels[channelName]!;
    await this.throttle('code_request', contact, client, this.options.signInLimits.codesPerContact, this.options.signInLimits.codesPerIp, now);
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const salt = randomBytes(16);
    const expiresAt = new Date(now.getTime() + SIGN_IN_CODE_TTL_MS);
    // Stored before sending, so a code that arrives at once can be used at once. If sending fails the row stays:
    // nobody knows its code, and a message that was in fact delivered late still works.
    await this.repos.codes.replace(this.db, { kind: contact.kind, contact: contact.lookup, codeHash: codeHash(salt, code), salt, channel: channelName, createdAt: now, expiresAt });
    const language = input.language ?? 'ur';
    const rendered = renderSignInCode(code, language, Math.round(SIGN_IN_CODE_TTL_MS / 60_000));
    const result = await this.deliver(channel, { to: contact.value, ...rendered, messageId: `sign-in-${randomUUID()}`, language, oneTimeCode: code });
    if (!result.ok) {
      this.log?.warn({ channel: channelName, retryable: result.retryable, error: result.error }, 'sign-in code not sent');
      throw signInCodeNotSent(channelName, result.retryable ? RETRY_SEND_AFTER_SECONDS : null);
    }
    return { channel: channelName, sentTo: contact.kind === 'phone' ? maskPhone(contact.value) : maskEmail(contact.value), expiresAt };
  }

  /**
   * Checks the code for the contact; on success ends `previousToken`'s session (whatever it was: a token planted
   * before sign-in is never adopted) and starts a new one. Every failure gives the same answer.
   */
  async signIn(input: { phone?: string; email?: string; code: string }, client: ClientInfo, previousToken: string | null, now = new Date()): Promise<CitizenSession> {
    const contact = readContact(input);
    await this.throttle('code_try', contact, client, this.options.signInLimits.triesPerContact, this.options.signInLimits.triesPerIp, now);
    const outcome = await withTransaction(this.db, async (tx) => {
      const stored = await this.repos.codes.lock(tx, contact.kind, contact.lookup);
      const status = stored ? signInCodeStatus(stored, now) : 'missing';
      if (!stored || status !== 'usable') {
        if (stored) await this.repos.codes.delete(tx, stored);
        await this.audit(tx, { action: 'citizen.sign_in_failed', actorRole: 'citizen', actorId: null, subjectType: 'citizen_account', subjectId: null, payload: { reason: status }, ip: client.ip, createdAt: now });
        return { error: signInCodeInvalid() };
      }
      if (!codeMatches(stored.salt, stored.codeHash, westernDigits(input.code.trim()))) {
        // The try that uses the code up deletes it, so even the right code fails afterwards.
        const exhausted = wrongTryExhausts(stored.attempts);
        if (exhausted) await this.repos.codes.delete(tx, stored);
        else await this.repos.codes.recordWrongTry(tx, stored);
        await this.audit(tx, { action: 'citizen.sign_in_failed', actorRole: 'citizen', actorId: null, subjectType: 'citizen_account', subjectId: null, payload: { reason: exhausted ? 'exhausted' : 'wrong_code', channel: stored.channel }, ip: client.ip, createdAt: now });
        return { error: signInCodeInvalid() };
      }
      await this.repos.codes.delete(tx, stored);
      const account = await this.repos.accounts.signedIn(tx, contact, randomUUID(), now);
      if (previousToken) await this.repos.sessions.delete(tx, tokenHash(previousToken));
      const session = await this.startSession(tx, account, client, now);
      await this.audit(tx, { action: 'citizen.signed_in', actorRole: 'citizen', actorId: account.id, subjectType: 'citizen_account', subjectId: account.id, payload: { channel: stored.channel }, ip: client.ip, createdAt: now });
      return { session };
    });
    if ('error' in outcome) throw outcome.error;
    return outcome.session;
  }

  /** The session a cookie's token names, if it is still valid, or null; a request moves its idle clock on. */
  async authenticate(token: string, now = new Date()): Promise<CitizenSession | null> {
    const hashed = tokenHash(token);
    const session = await this.repos.sessions.find(this.db, hashed);
    if (!session) return null;
    const account = sessionStatus(session, this.options.sessionLimits, now) === 'valid' ? await this.repos.accounts.findById(this.db, session.accountId) : null;
    if (!account) {
      await this.repos.sessions.delete(this.db, hashed);
      return null;
    }
    if (needsTouch(session.lastSeenAt, now)) await this.repos.sessions.touch(this.db, hashed, now);
    return present(token, session, account);
  }

  /** Ends this session. */
  async signOut(current: CitizenSession, client: ClientInfo, now = new Date()): Promise<void> {
    await withTransaction(this.db, async (tx) => {
      await this.repos.sessions.delete(tx, tokenHash(current.token));
      await this.audit(tx, { action: 'citizen.signed_out', actorRole: 'citizen', actorId: current.account.id, subjectType: 'citizen_account', subjectId: current.account.id, payload: {}, ip: client.ip, createdAt: now });
    });
  }

  /** True when `candidate` is the session's CSRF token (constant-time). */
  csrfMatches(session: CitizenSession, candidate: string | undefined): boolean {
    if (!candidate) return false;
    const a = Buffer.from(session.csrfToken);
    const b = Buffer.from(candidate);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** Removes expired codes and sessions, and counters of windows long past; returns how many rows went. */
  async prune(now = new Date()): Promise<{ codes: number; sessions: number; counters: number }> {
    return {
      codes: await this.repos.codes.purgeExpired(this.db, now),
      sessions: await this.repos.sessions.purgeExpired(this.db, now, this.options.sessionLimits.idleMs),
      counters: await this.repos.rateLimits.purge(this.db, new Date(now.getTime() - LIMIT_WINDOW_MS)),
    };
  }

  private pickChannel(contact: SignInContact, requested: CodeChannel | undefined): CodeChannel {
    if (contact.kind === 'email' && requested !== undefined && requested !== 'email') {
      throw invalidFields('An e-mail address receives its code by e-mail.', [{ pointer: '/channel', detail: 'must be "email" (or left out) for an e-mail address' }]);
    }
    if (contact.kind === 'phone' && requested === 'email') {
      throw invalidFields('A phone number receives its code by SMS or WhatsApp.', [{ pointer: '/channel', detail: 'must be "sms" or "whatsapp" for a phone number' }]);
    }
    // A phone number without a choice gets SMS where it is set up (every phone can receive one), else WhatsApp.
    const name = requested ?? (contact.kind === 'email' ? 'email' : this.channels.sms ? 'sms' : this.channels.whatsapp ? 'whatsapp' : 'sms');
    if (!this.channels[name]) throw signInChannelUnavailable(name, this.availableChannels().filter((c) => (c === 'email') === (contact.kind === 'email')));
    return name;
  }

  // Per contact and per address, each in its own fixed hourly window; the address is counted first, so a flood
  // from one address does not use up the limit of the numbers it names.
  private async throttle(action: string, contact: SignInContact, client: ClientInfo, perContact: number, perIp: number, now: Date): Promise<void> {
    const checks = [
      { bucket: `${action}:ip`, subject: { kind: 'ip', value: client.ip ?? 'unknown' } as const, limit: perIp },
      { bucket: `${action}:${contact.kind}`, subject: { kind: contact.kind, value: contact.lookup }, limit: perContact },
    ];
    for (const check of checks) {
      const start = windowStart(now, LIMIT_WINDOW_MS);
      const counted = await this.repos.rateLimits.hit(this.db, check.bucket, check.subject, start);
      if (counted.hits > check.limit) throw signInRateLimited(secondsLeftInWindow(counted.windowStart, LIMIT_WINDOW_MS, now));
    }
  }

  // A provider that does not answer in time counts as a failure; the adapters also cut their own requests off.
  private async deliver(channel: OutboundChannel, message: OutboundMessage): Promise<DeliveryResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<DeliveryResult>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, retryable: true, error: 'no answer in time' }), this.options.sendTimeoutMs);
    });
    try {
      const sent = channel.send(message).catch((error: unknown): DeliveryResult => ({ ok: false, retryable: true, error: error instanceof Error ? error.name : 'send failed' }));
      return await Promise.race([sent, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async startSession(tx: Parameters<CitizenSessionRepository['insert']>[0], account: CitizenAccountRecord, client: ClientInfo, now: Date): Promise<CitizenSession> {
    const token = randomBytes(32).toString('base64url');
    const record: CitizenSessionRecord = {
      tokenHash: tokenHash(token),
      accountId: account.id,
      csrfToken: randomBytes(24).toString('base64url'),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.options.sessionLimits.absoluteMs),
    };
    await this.repos.sessions.insert(tx, { ...record, ip: client.ip, userAgent: client.userAgent });
    return present(token, record, account);
  }
}

function readContact(input: { phone?: string; email?: string }): SignInContact {
  const contact = parseSignInContact(input);
  if ('pointer' in contact) throw invalidFields('The phone number or e-mail address cannot be used.', [contact]);
  return contact;
}

function present(token: string, session: CitizenSessionRecord, account: CitizenAccountRecord): CitizenSession {
  const lookups = { phone: account.phone, email: account.email === null ? null : emailLookupKey(account.email) };
  return { token, csrfToken: session.csrfToken, expiresAt: session.expiresAt, account, lookups };
}

// A salted sha256 keeps live codes out of reach of anyone who reads the table (a replica, a backup, a support
// query). It cannot stop a determined offline search of a million codes; the ten-minute life and the deletion on
// use are what bound that.
function codeHash(salt: Buffer, code: string): Buffer {
  return createHash('sha256').update(salt).update(code).digest();
}

function codeMatches(salt: Buffer, stored: Buffer, candidate: string): boolean {
  const hash = codeHash(salt, candidate);
  return hash.length === stored.length && timingSafeEqual(hash, stored);
}
