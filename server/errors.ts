/** One invalid field of a request: a JSON pointer into the body (or query/params) and what is wrong. */
export interface FieldProblem {
  pointer: string;
  detail: string;
}

/** An error a client can act on: becomes an RFC 9457 problem+json answer with a stable code. */
export class AppError extends Error {
  /** When the client may try again (sent as Retry-After), for 429 and 503 answers. */
  retryAfterSeconds?: number;

  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail: string,
    readonly errors: FieldProblem[] = [],
  ) {
    super(detail);
    this.name = 'AppError';
  }
}

/** 422: the request is well-formed but a field names something that cannot be used. */
export function invalidFields(detail: string, errors: FieldProblem[]): AppError {
  return new AppError(422, 'invalid_fields', 'Some fields cannot be accepted', detail, errors);
}

/** 400: fields that are malformed in a way the schema cannot express; each named by its JSON pointer. */
export function invalidRequest(detail: string, errors: FieldProblem[]): AppError {
  return new AppError(400, 'invalid_request', 'The request is not valid', detail, errors);
}

/** 404: no complaint with that tracking code. */
export function complaintNotFound(code: string): AppError {
  return new AppError(404, 'complaint_not_found', 'Complaint not found', `No complaint has the tracking code ${code}.`);
}

/** 404: no such attachment on this complaint. */
export function attachmentNotFound(id: string): AppError {
  return new AppError(404, 'attachment_not_found', 'Attachment not found', `This complaint has no attachment ${id.slice(0, 40)}.`);
}

/** 400: a tracking code that fails its check character or format (a typo). */
export function invalidTrackingCode(input: string): AppError {
  return new AppError(400, 'invalid_tracking_code', 'Not a valid tracking code', `"${input.slice(0, 40)}" is not a valid tracking code; please check it for a typo (codes look like KP-7F3K-9QXA).`, [
    { pointer: '/code', detail: 'fails the tracking code format or check character' },
  ]);
}

/** 401: a citizen action without the complaint's secret. */
export function citizenSecretRequired(): AppError {
  return new AppError(401, 'citizen_secret_required', 'Citizen secret required', 'Send the secret you received when filing the complaint as "Authorization: Bearer <secret>", or sign in with the phone number or e-mail address you filed it with.');
}

/** 403: the secret does not belong to this complaint. */
export function citizenSecretInvalid(): AppError {
  return new AppError(403, 'citizen_secret_invalid', 'Wrong citizen secret', 'The secret does not match this complaint.');
}

/** 409: the lifecycle refuses this action in the complaint's current state. */
export function transitionRefused(code: string, detail: string): AppError {
  return new AppError(409, code, 'Action not possible now', detail);
}

/** 413: an attachment over the size limit. */
export function attachmentTooLarge(pointer: string, maxBytes: number): AppError {
  const mb = Math.round((maxBytes / (1024 * 1024)) * 10) / 10;
  return new AppError(413, 'attachment_too_large', 'Attachment too large', `Each photo may be at most ${mb} MB.`, [{ pointer, detail: `larger than ${maxBytes} bytes` }]);
}

/** 415: an attachment whose bytes are not an accepted image type, whatever its name says. */
export function attachmentTypeRefused(pointer: string, detected: string | null): AppError {
  return new AppError(415, 'attachment_type_refused', 'Attachment is not an accepted image', `Photos must be JPEG, PNG, WebP, GIF or HEIC images${detected ? ` (this one is ${detected})` : ''}.`, [
    { pointer, detail: detected ? `content is ${detected}` : 'content is not a recognised image' },
  ]);
}

/** 422: an Idempotency-Key reused with a different request. */
export function idempotencyKeyReused(): AppError {
  return new AppError(422, 'idempotency_key_reused', 'Idempotency-Key already used', 'This Idempotency-Key was used for a different complaint; use a new key for a new complaint.', [
    { pointer: '/headers/idempotency-key', detail: 'already used with a different request body' },
  ]);
}

/** 409: the complaint changed since the caller read it (optimistic concurrency on its version). */
export function versionConflict(expected: number, actual: number): AppError {
  return new AppError(409, 'version_conflict', 'The complaint has changed', `You acted on version ${expected}, but it is now at version ${actual}: someone else acted first. Reload it and try again.`);
}

/** 403: the complaint is outside the staff member's office or scope. */
export function outsideJurisdiction(): AppError {
  return new AppError(403, 'outside_jurisdiction', 'Outside your jurisdiction', 'This complaint belongs to an office outside your jurisdiction.');
}

/** 401: no valid staff session (never signed in, signed out, or timed out). */
export function signInRequired(): AppError {
  return new AppError(401, 'sign_in_required', 'Sign-in required', 'Sign in to continue; sessions end after a period without use and at a fixed time after sign-in.');
}

/** 401: user name or password wrong (never says which, so user names cannot be discovered). */
export function invalidCredentials(): AppError {
  return new AppError(401, 'invalid_credentials', 'Wrong user name or password', 'The user name or password is wrong. After several wrong attempts the account is locked for a while.');
}

/** 429: the account is locked after too many wrong passwords. */
export function accountLocked(retryAfterSeconds: number): AppError {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return new RetryLaterError('account_locked', `Too many wrong passwords: try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask an administrator to unlock the account.`, Math.max(1, Math.ceil(retryAfterSeconds)));
}

/** 401: a wrong or reused two-factor code. */
export function invalidSecondFactor(): AppError {
  return new AppError(401, 'invalid_second_factor', 'Wrong code', 'The code from your authenticator app is wrong, expired or already used; wait for the next code and try again.', [
    { pointer: '/code', detail: 'not the current code' },
  ]);
}

/** 403: the session must finish a sign-in step first (second factor, enrolment, or a new password). */
export function signInIncomplete(stage: string): AppError {
  const next: Record<string, string> = {
    second_factor: 'enter the code from your authenticator app',
    enrol_second_factor: 'set up an authenticator app: your role requires a second factor',
    change_password: 'choose a new password to replace the temporary one',
  };
  return new AppError(403, 'sign_in_incomplete', 'Sign-in not finished', `Before anything else, ${next[stage] ?? 'finish signing in'}.`);
}

/** 403: a cookie-authenticated write without the session's CSRF token (or from another site). */
export function csrfRefused(): AppError {
  return new AppError(403, 'csrf_token_invalid', 'Request not accepted', 'Send the X-CSRF-Token header you were given at sign-in with every change made from a signed-in browser.');
}

/** 403: the staff member's role may not do this. */
export function roleNotAllowed(what: string): AppError {
  return new AppError(403, 'role_not_allowed', 'Not allowed for your role', `Your role may not ${what}.`);
}

/** 404: no staff account with that id. */
export function staffUserNotFound(): AppError {
  return new AppError(404, 'staff_user_not_found', 'Account not found', 'No staff account has that id.');
}

/** 422: a password the policy refuses, with the reason. */
export function weakPassword(pointer: string, reason: string): AppError {
  return invalidFields(`The password ${reason}.`, [{ pointer, detail: reason }]);
}

/** 403: the citizen filed anonymously, so the office may not see who they are. */
export function citizenAnonymous(): AppError {
  return new AppError(403, 'citizen_anonymous', 'The citizen filed anonymously', 'The citizen asked to stay anonymous to the office; their contact details are used only to send them updates.');
}

/** 429: a limit was reached; carries the wait (sent as Retry-After) and extra members for the problem body. */
export class RetryLaterError extends AppError {
  constructor(
    code: string,
    detail: string,
    override readonly retryAfterSeconds: number,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(429, code, 'Too many requests', detail);
    this.name = 'RetryLaterError';
  }
}

/** 429: too many submissions from one network (address) in a short time. */
export function tooManyFromNetwork(retryAfterSeconds: number): RetryLaterError {
  return new RetryLaterError('rate_limited', `Too many complaints were sent from your network in a short time. Please try again in ${waitText(retryAfterSeconds)}.`, retryAfterSeconds);
}

/** 429: one citizen (phone or e-mail) filing many complaints in a short time. */
export function tooManyFromCitizen(retryAfterSeconds: number, helpline: string | null): RetryLaterError {
  return new RetryLaterError(
    'citizen_rate_limited',
    `You have filed several complaints in a short time. Please wait ${waitText(retryAfterSeconds)} before filing another${helpline ? `, or call the helpline ${helpline} if it cannot wait` : ''}.`,
    retryAfterSeconds,
    { helpline },
  );
}

/** 429: the citizen reached the daily cap; says when they can file again and how to reach a person meanwhile. */
export function dailyCapReached(cap: number, retryAt: Date, retryAfterSeconds: number, helpline: string | null): RetryLaterError {
  return new RetryLaterError(
    'daily_limit_reached',
    `You have filed ${cap} complaints today, the most one person can file online in a day. You can file again from midnight, Pakistan time (in ${waitText(retryAfterSeconds)}). ` +
      `If it is urgent, or you file for others (for example as a community representative), call the helpline${helpline ? ` ${helpline}` : ''}: staff can take the complaint and can raise your limit.`,
    retryAfterSeconds,
    { retryAt: retryAt.toISOString(), helpline, dailyLimit: cap },
  );
}

/** 400: a submission refused without saying why (a filled honeypot field: answering precisely would teach the bot). */
export function submissionRefused(): AppError {
  return new AppError(400, 'submission_refused', 'The complaint could not be accepted', 'The complaint could not be accepted as sent. Please reload the form and try again.');
}

/** 415: an image whose bytes look like an accepted type but cannot be decoded (corrupt, truncated, or not really an image). */
export function photoUnreadable(pointer: string): AppError {
  return new AppError(415, 'attachment_unreadable', 'Attachment is not a readable image', 'A photo could not be read as an image; it may be damaged. Please send it again, as a JPEG or PNG.', [
    { pointer, detail: 'not a readable image' },
  ]);
}

/** 415: a voice note that is not Ogg Opus audio (what WhatsApp records), whatever its declared type. */
export function voiceNoteTypeRefused(pointer: string, detected: string | null): AppError {
  return new AppError(415, 'attachment_type_refused', 'Attachment is not an accepted voice note', `Voice notes must be Ogg Opus audio${detected ? ` (this one is ${detected})` : ''}.`, [
    { pointer, detail: detected ? `content is ${detected}` : 'content is not recognised audio' },
  ]);
}

/** 415: Ogg Opus audio whose pages or headers are damaged (or that carries more than one stream). */
export function voiceNoteUnreadable(pointer: string): AppError {
  return new AppError(415, 'attachment_unreadable', 'Attachment is not a readable voice note', 'A voice note could not be read; it may be damaged. Please record it again.', [{ pointer, detail: 'not a well-formed Ogg Opus stream' }]);
}

/** 415: a HEIC photo, which cannot be decoded here and so cannot be cleaned of its location data. */
export function photoFormatUnsupported(pointer: string, detected: string): AppError {
  return new AppError(415, 'attachment_type_refused', 'Attachment is not an accepted image', `${detected} photos cannot be accepted; please send JPEG, PNG or WebP (on an iPhone: Settings → Camera → Formats → Most Compatible).`, [
    { pointer, detail: `content is ${detected}` },
  ]);
}

/** 400: JSON (a body or a form field) nested too deeply or with too many members to be a real request. */
export function jsonTooComplex(limit: 'depth' | 'members', max: number): AppError {
  return new AppError(400, 'json_too_complex', 'The request is not valid', limit === 'depth' ? `JSON may nest at most ${max} levels deep.` : `JSON may have at most ${max} members.`);
}

/** 403: the staff member may not review abuse flags or exemptions. */
export function abuseReviewForbidden(): AppError {
  return new AppError(403, 'forbidden', 'Forbidden', 'Only the provincial monitoring cell and administrators review flags and exemptions.');
}

/** 404: no open flag or active exemption with that id. */
export function abuseRecordNotFound(kind: 'flag' | 'exemption', id: string): AppError {
  return new AppError(404, `${kind}_not_found`, 'Not found', `There is no ${kind === 'flag' ? 'open flag' : 'active exemption'} ${id.slice(0, 40)}.`);
}

// "45 seconds", "12 minutes", "3 hours": rounded up, so the citizen is never told a wait shorter than the real one.
function waitText(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 90) return `${minutes} minutes`;
  return `${Math.ceil(minutes / 60)} hours`;
}

/** 401: a citizen route without a valid citizen session (never signed in, signed out, or timed out). */
export function citizenSignInRequired(): AppError {
  return new AppError(401, 'citizen_sign_in_required', 'Sign-in required', 'Sign in with a code sent to your phone or e-mail address; sessions end after a period without use and at a fixed time after sign-in.');
}

/** 401: a sign-in code that is wrong, expired, used up or never sent (never says which). */
export function signInCodeInvalid(): AppError {
  return new AppError(401, 'sign_in_code_invalid', 'Wrong or expired code', 'The code is wrong or has expired. A code works for 10 minutes and stops after 5 wrong tries; ask for a new one if needed.', [
    { pointer: '/code', detail: 'not a valid code for this phone number or e-mail address' },
  ]);
}

/** 429: too many sign-in codes asked for, or tried, from this contact or address for now. */
export function signInRateLimited(retryAfterSeconds: number): AppError {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  const error = new AppError(429, 'sign_in_rate_limited', 'Too many attempts', `Too many sign-in attempts for now: please try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
  error.retryAfterSeconds = retryAfterSeconds;
  return error;
}

/** 503: this server cannot send sign-in codes by that channel (not configured). */
export function signInChannelUnavailable(channel: string, available: string[]): AppError {
  const others = available.length > 0 ? `Choose ${available.join(' or ')} instead.` : 'No way of sending codes is set up on this server yet.';
  return new AppError(503, 'sign_in_channel_unavailable', 'Channel unavailable', `Sign-in codes cannot be sent by ${channel} on this server. ${others}`, [
    { pointer: '/channel', detail: `${channel} is not available` },
  ]);
}

/** 503: the code could not be sent just now (the provider refused, failed or did not answer in time). */
export function signInCodeNotSent(channel: string, retryAfterSeconds: number | null): AppError {
  const detail = retryAfterSeconds === null
    ? `The code could not be delivered by ${channel} to this ${channel === 'email' ? 'address' : 'number'}; try another way of receiving it.`
    : `The code could not be sent by ${channel} just now; please try again in a little while, or choose another way of receiving it.`;
  const error = new AppError(503, 'sign_in_code_not_sent', 'Code not sent', detail);
  if (retryAfterSeconds !== null) error.retryAfterSeconds = retryAfterSeconds;
  return error;
}

/** 403: the signed-in citizen's verified contact did not file this complaint. */
export function complaintNotYours(): AppError {
  return new AppError(403, 'complaint_not_yours', 'Not your complaint', 'This complaint was not filed with the phone number or e-mail address you signed in with.');
}

/** 401: a webhook without the provider's signature header; nothing it carries is read or stored. */
export function webhookSignatureMissing(header: string): AppError {
  return new AppError(401, 'webhook_signature_missing', 'Signature missing', `The request has no ${header} header.`);
}

/** 403: a webhook whose signature does not match its body under the app secret; nothing it carries is read or stored. */
export function webhookSignatureInvalid(header: string): AppError {
  return new AppError(403, 'webhook_signature_invalid', 'Signature invalid', `The ${header} header does not match the request body.`);
}

/** 401: a webhook whose signature does not match its body under a shared secret (the SMS gateway); nothing is stored. */
export function webhookSignatureRejected(header: string): AppError {
  return new AppError(401, 'webhook_signature_invalid', 'Signature invalid', `The ${header} header does not match the request body.`);
}

/** 403: a webhook without the signature its provider always sends (Twilio answers a missing one as a bad one); nothing is stored. */
export function webhookSignatureRequired(header: string): AppError {
  return new AppError(403, 'webhook_signature_missing', 'Signature missing', `The request has no ${header} header.`);
}

/** 403: a webhook verification request with the wrong mode or verify token. */
export function webhookVerificationRefused(): AppError {
  return new AppError(403, 'webhook_verification_refused', 'Verification refused', 'hub.mode must be "subscribe" and hub.verify_token must be the configured verify token.');
}

/** 403: an Open311 request to file without a working api_key (missing, unknown or revoked: never says which). */
export function open311KeyRefused(): AppError {
  return new AppError(403, 'api_key_refused', 'API key refused', 'api_key: a valid API key is required to submit service requests; ask the administrators for one.', [
    { pointer: '/api_key', detail: 'missing, unknown or revoked' },
  ]);
}

/** 400: Open311 fields that cannot be accepted, each named by its Open311 field name. */
export function open311InvalidFields(problems: { field: string; detail: string }[]): AppError {
  return invalidRequest('Some fields of the request are missing or malformed.', problems.map((p) => ({ pointer: `/${p.field}`, detail: p.detail })));
}

/** 404: no Open311 service (category) or service request (complaint) by that id. */
export function open311NotFound(what: 'service_code' | 'service_request_id' | 'token_id', id: string): AppError {
  const thing = { service_code: 'service', service_request_id: 'service request', token_id: 'token' }[what];
  return new AppError(404, 'not_found', 'Not found', `${what}: no ${thing} "${id.slice(0, 40)}" was found.`);
}

/** 415: a letter's scanned page that is neither a PDF nor an image we can clean, whatever its name says. */
export function scanTypeRefused(pointer: string, detected: string | null): AppError {
  return new AppError(415, 'scan_type_refused', 'Scanned page is not a PDF or an accepted image', `Scanned pages must be PDF files or JPEG, PNG, WebP or GIF images${detected ? ` (this one is ${detected})` : ''}.`, [
    { pointer, detail: detected ? `content is ${detected}` : 'content is not a recognised PDF or image' },
  ]);
}

/** 409: the office's letter diary already has an entry with this number. */
export function diaryNumberTaken(officeId: string, diaryNumber: string): AppError {
  return new AppError(409, 'diary_number_taken', 'Diary number already used', `The diary of office ${officeId} already has an entry numbered ${diaryNumber}; look it up instead of entering the letter again.`, [
    { pointer: '/diaryNumber', detail: 'already in this office’s diary' },
  ]);
}

/** 404: no letter with this diary number (in this office), or not one the agent entered. */
export function letterNotFound(): AppError {
  return new AppError(404, 'letter_not_found', 'Letter not found', 'No letter you entered has this diary number or id.');
}

/** 404: no mail with this id is held for review (never held, or already released or discarded). */
export function heldMailNotFound(id: string): AppError {
  return new AppError(404, 'held_mail_not_found', 'No such held mail', `No mail ${id.slice(0, 40)} is held for review.`);
}

/** 403: a dashboard was narrowed to a department or area outside the staff member's jurisdiction. */
export function statisticsOutsideJurisdiction(pointer: string): AppError {
  return new AppError(403, 'outside_jurisdiction', 'Outside your jurisdiction', `${pointer.split('/').pop()} is outside your jurisdiction: a dashboard shows only complaints you may see.`, [{ pointer, detail: 'outside your jurisdiction' }]);
}

/** 404: the user has no saved view with that id (someone else's is not theirs to know of). */
export function savedViewNotFound(): AppError {
  return new AppError(404, 'saved_view_not_found', 'Saved view not found', 'You have no saved view with that id.');
}

/** 409: the user already has a view of that name. */
export function savedViewNameTaken(name: string): AppError {
  return new AppError(409, 'saved_view_name_taken', 'Name already used', `You already have a view named "${name.slice(0, 80)}".`, [{ pointer: '/name', detail: 'you already have a view of this name' }]);
}

/** 409: the user keeps as many views as allowed. */
export function savedViewLimitReached(limit: number): AppError {
  return new AppError(409, 'saved_view_limit_reached', 'Too many saved views', `You may keep at most ${limit} saved views; delete one first.`);
}

/** 404: no spike alert with that id in the staff member's jurisdiction (one outside it is not theirs to know of). */
export function spikeAlertNotFound(): AppError {
  return new AppError(404, 'spike_alert_not_found', 'Spike alert not found', 'There is no spike alert with that id in your jurisdiction.');
}

/** 409: the spike alert was acknowledged already. */
export function spikeAlertAcknowledged(): AppError {
  return new AppError(409, 'spike_alert_acknowledged', 'Already acknowledged', 'This spike alert has been acknowledged already.');
}

/** 404: no routing model of that version. */
export function routerModelNotFound(version: number): AppError {
  return new AppError(404, 'model_not_found', 'Model not found', `There is no routing model version ${version}; see GET /api/v1/admin/models.`);
}

/** 409: a rollback with no earlier active model to return to. */
export function noModelToRollBack(detail: string): AppError {
  return new AppError(409, 'no_model_to_roll_back', 'Nothing to roll back to', detail);
}

/** 409: a model that cannot be made active (rejected, or already active). */
export function modelNotPromotable(version: number, status: string): AppError {
  return new AppError(409, 'model_not_promotable', 'The model cannot be made active', `Model version ${version} is ${status}; only a candidate or a retired model can be made active.`);
}

/** 409: recategorising into another department's category, which only a transfer may do. */
export function categoryOfOtherDepartment(categoryId: string, departmentId: string): AppError {
  return new AppError(409, 'category_of_other_department', 'That category belongs to another department', `"${categoryId}" is a category of ${departmentId}: transfer the complaint to an office of that department and name the category in the transfer (categoryId), so it moves with its new category.`, [
    { pointer: '/categoryId', detail: `a category of another department (${departmentId})` },
  ]);
}
