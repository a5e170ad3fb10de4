-- Abuse control on complaint submission: rate counters shared by every server process, flags for staff review
-- of citizens who reach the daily cap, and exemptions staff grant (e.g. a community representative).

-- One row per (scope, key): hits in the current fixed window and in the one before it (a sliding-window
-- estimate needs both). Keys are sha256 hashes of a client network or a citizen's normalised phone/e-mail,
-- so the table holds no personal data. UNLOGGED: no WAL, so a transaction that only bumps a counter commits
-- without waiting for a disk flush and a hot key (many requests behind one address) holds its row lock only for
-- microseconds; the price is that counters are emptied after a crash, which a rate limit can afford.
create unlogged table rate_counters (
  scope           text not null,
  key_hash        bytea not null,
  window_seconds  integer not null check (window_seconds > 0),
  window_start    timestamptz not null,
  hits            integer not null check (hits >= 0),
  previous_hits   integer not null default 0 check (previous_hits >= 0),
  primary key (scope, key_hash)
);
-- No index but the key: counter updates stay HOT, and the hourly prune of passed windows scans a small table.

-- A citizen refused by the daily cap, for staff to review: at most one open flag per contact key. Who they are
-- is read through citizen_id (their latest citizens row), so personal data stays in one table.
create table abuse_flags (
  id                uuid primary key default gen_random_uuid(),
  key_hash          bytea not null,
  key_kind          text not null check (key_kind in ('phone', 'email')),
  citizen_id        uuid references citizens (id),
  reason            text not null check (reason in ('daily_cap')),
  cap               integer not null,
  refused_count     integer not null default 1 check (refused_count > 0),
  first_refused_at  timestamptz not null,
  last_refused_at   timestamptz not null,
  status            text not null default 'open' check (status in ('open', 'cleared', 'exempted')),
  reviewed_by       text,
  reviewed_at       timestamptz,
  review_note       text,
  check ((status = 'open') = (reviewed_at is null))
);
create unique index abuse_flags_open_key_idx on abuse_flags (key_hash) where status = 'open';
create index abuse_flags_status_idx on abuse_flags (status, last_refused_at desc);

-- Contacts staff have exempted from the per-citizen limits and the daily cap (the per-network limit still holds).
-- A revoked exemption is kept (who granted it, who revoked it); at most one unrevoked exemption per key.
create table abuse_exemptions (
  id          uuid primary key default gen_random_uuid(),
  key_hash    bytea not null,
  key_kind    text not null check (key_kind in ('phone', 'email')),
  citizen_id  uuid references citizens (id),
  reason      text not null check (length(reason) between 1 and 500),
  granted_by  text not null,
  granted_at  timestamptz not null,
  expires_at  timestamptz,
  revoked_by  text,
  revoked_at  timestamptz,
  check ((revoked_by is null) = (revoked_at is null))
);
create unique index abuse_exemptions_key_idx on abuse_exemptions (key_hash) where revoked_at is null;
