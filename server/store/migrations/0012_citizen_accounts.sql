-- Citizen sign-in by one-time code. A citizen account is a verified contact (a phone number in E.164 or an e-mail
-- address) with a small profile; the citizen's complaints are those whose citizens row carries the same contact
-- (matched on the *_lookup columns, never on the personal field itself). Personal fields are text, so field
-- encryption can put an envelope in them as it does for citizens; exact matches go through the *_lookup columns.
create table citizen_accounts (
  id               uuid primary key,
  phone            text,
  phone_lookup     text unique,
  email            text,
  email_lookup     text unique,
  country_code     text,                                  -- ISO 3166 alpha-2 of the phone number (overseas citizens)
  name             text,
  language         text not null default 'ur' check (language in ('en', 'ur', 'ps')),
  cnic             text,                                  -- CNIC or NICOP number, 13 digits without dashes
  cnic_lookup      text,
  created_at       timestamptz not null,
  updated_at       timestamptz not null,
  last_sign_in_at  timestamptz not null,
  check (phone_lookup is not null or email_lookup is not null)
);

-- The one live code per contact: a new request replaces the old code. Only a salted sha256 of the code is kept;
-- each wrong try counts, and the code is deleted when it is used, exhausted or found expired.
create table citizen_sign_in_codes (
  contact_kind    text not null check (contact_kind in ('phone', 'email')),
  contact_lookup  text not null,
  code_hash       bytea not null,                         -- sha256(salt || code)
  salt            bytea not null,
  channel         text not null check (channel in ('sms', 'whatsapp', 'email')),
  attempts        integer not null default 0,             -- wrong tries so far
  created_at      timestamptz not null,
  expires_at      timestamptz not null,
  primary key (contact_kind, contact_lookup)
);
create index citizen_sign_in_codes_expires_idx on citizen_sign_in_codes (expires_at);

-- Citizen sessions, as staff sessions: the cookie holds a random token, this table only its sha256.
create table citizen_sessions (
  token_hash    bytea primary key,
  account_id    uuid not null references citizen_accounts (id) on delete cascade,
  csrf_token    text not null,                            -- sent back in X-CSRF-Token on every cookie-authenticated write
  created_at    timestamptz not null,
  last_seen_at  timestamptz not null,
  expires_at    timestamptz not null,                     -- absolute limit; the idle limit counts from last_seen_at
  ip            inet,
  user_agent    text
);
create index citizen_sessions_account_idx on citizen_sessions (account_id);
create index citizen_sessions_expires_idx on citizen_sessions (expires_at);

-- Fixed-window counters for sign-in (code requests and code tries, per contact and per IP address), shared by
-- every process. The subject is a sha256, so the table holds no phone number, e-mail or address in clear.
create table sign_in_rate_limits (
  bucket        text not null,                            -- what is counted, e.g. 'code_request:ip'
  subject       bytea not null,                           -- sha256 of who
  window_start  timestamptz not null,
  hits          integer not null,
  primary key (bucket, subject)
);
create index sign_in_rate_limits_window_idx on sign_in_rate_limits (window_start);
