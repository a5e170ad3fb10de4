-- Ekhtyar core schema: jurisdiction (areas × departments → offices), the service catalogue,
-- citizens, complaints with their append-only hash-chained events, attachments, and the outbox.
-- Plain SQL that runs on PostgreSQL 15 and later; no extensions needed (gen_random_uuid is core since 13).

-- Areas form one tree: province → division → district → tehsil. The id is the path of slugs
-- ("kp.peshawar.charsadda.tangi"), so "inside area X" is a prefix test that row-level security can use.
create table areas (
  id              text primary key check (id ~ '^[a-z0-9-]+(\.[a-z0-9-]+)*$'),
  parent_id       text references areas (id),
  level           text not null check (level in ('province', 'division', 'district', 'tehsil')),
  name_en         text not null,
  name_ur         text,
  name_ps         text,
  population_2023 integer,
  area_sq_km      numeric,
  aliases         text[] not null default '{}',
  boundary        jsonb, -- GeoJSON geometry (districts and divisions); used for point-in-polygon routing
  check ((level = 'province') = (parent_id is null)),
  check (parent_id is null or id like parent_id || '.%')
);
create index areas_parent_idx on areas (parent_id);

create table departments (
  id            text primary key check (id ~ '^[a-z0-9-]+$'),
  name_en       text not null,
  name_ur       text not null,
  name_ps       text not null,
  office_level  text not null check (office_level in ('province', 'division', 'district', 'tehsil')),
  active        boolean not null default true,
  created_at    timestamptz not null default now()
);

-- An office serves one department over one area (e.g. District Health Office Peshawar).
create table offices (
  id             text primary key,
  department_id  text not null references departments (id),
  area_id        text not null references areas (id),
  name_en        text not null,
  name_ur        text,
  name_ps        text,
  active         boolean not null default true,
  created_at     timestamptz not null default now(),
  unique (department_id, area_id)
);
create index offices_area_idx on offices (area_id);

-- The service catalogue: what a citizen can complain about, who handles it and how fast.
create table categories (
  id              text primary key check (id ~ '^[a-z0-9-]+$'),
  service_code    text not null unique,   -- Open311 service_code
  department_id   text not null references departments (id),
  category_group  text not null,
  name_en         text not null,
  name_ur         text not null,
  name_ps         text not null,
  description_en  text not null default '',
  keywords        text[] not null default '{}',
  sla_days        integer not null check (sla_days between 1 and 90),
  active          boolean not null default true,
  created_at      timestamptz not null default now()
);
create index categories_department_idx on categories (department_id);

-- Contact details. Each personal field is text so that it can hold either a value or, once
-- field encryption lands, an encrypted envelope ("enc:<key id>:<base64>") without a schema change;
-- the *_lookup columns hold what exact searches match on (today the normalised value, later a keyed
-- blind index), so no query ever needs to read the personal field itself.
create table citizens (
  id              uuid primary key,
  name            text,
  phone           text,
  phone_lookup    text,
  email           text,
  email_lookup    text,
  cnic            text,
  cnic_lookup     text,
  address         text,
  country_code    text,                   -- ISO 3166 alpha-2 of the phone number (overseas citizens)
  language        text not null default 'ur' check (language in ('en', 'ur', 'ps')),
  created_at      timestamptz not null default now()
);
create index citizens_phone_lookup_idx on citizens (phone_lookup) where phone_lookup is not null;
create index citizens_email_lookup_idx on citizens (email_lookup) where email_lookup is not null;

create table complaints (
  id                   uuid primary key,
  code                 text not null unique,          -- tracking code, KP-XXXX-XXXX
  state                text not null check (state in ('submitted', 'triage', 'assigned', 'in_progress',
                         'awaiting_citizen', 'resolved', 'closed', 'closed_no_response', 'withdrawn', 'duplicate', 'rejected')),
  -- Jurisdiction: every complaint carries its department and area so row-level security can key on them.
  department_id        text references departments (id),
  area_id              text references areas (id),
  office_id            text references offices (id),
  category_id          text references categories (id),
  citizen_id           uuid references citizens (id),
  anonymous            boolean not null default false,
  channel              text not null check (channel in ('web', 'mobile', 'whatsapp', 'sms', 'email', 'phone', 'letter', 'open311')),
  language             text not null check (language in ('en', 'ur', 'ps')),
  description          text not null,
  address              text,
  latitude             double precision check (latitude between -90 and 90),
  longitude            double precision check (longitude between -180 and 180),
  escalation_level     smallint not null default 0 check (escalation_level between 0 and 3),
  outcome              text check (outcome in ('full_relief', 'partial_relief', 'no_relief')),
  citizen_secret_hash  bytea not null,                 -- sha256 of the citizen's capability token
  master_complaint_id  uuid references complaints (id),
  sla_days             integer,
  due_at               timestamptz,
  created_at           timestamptz not null,
  updated_at           timestamptz not null,
  closed_at            timestamptz,
  -- Head of the event hash chain, so appending an event never has to read the previous one.
  event_count          integer not null default 0,
  last_event_hash      bytea
);
create index complaints_office_state_idx on complaints (office_id, state);
create index complaints_department_area_idx on complaints (department_id, area_id);
create index complaints_citizen_idx on complaints (citizen_id) where citizen_id is not null;
create index complaints_created_idx on complaints (created_at);
create index complaints_triage_idx on complaints (created_at) where state = 'triage';

-- Append-only: every change to a complaint is an event, each hashed together with the previous one
-- (hash = sha256(prev_hash || canonical event)), so a rewritten history is detectable.
create table complaint_events (
  id            bigint generated always as identity primary key,
  complaint_id  uuid not null references complaints (id),
  seq           integer not null check (seq >= 1),
  type          text not null,
  actor_role    text not null,
  actor_id      text,
  visibility    text not null check (visibility in ('public', 'internal')),
  payload       jsonb not null default '{}',
  created_at    timestamptz not null,
  prev_hash     bytea,
  hash          bytea not null,
  unique (complaint_id, seq)
);

create function forbid_event_change() returns trigger language plpgsql as $$
begin
  raise exception 'complaint_events is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end $$;
create trigger complaint_events_append_only before update or delete on complaint_events
  for each row execute function forbid_event_change();
create trigger complaint_events_no_truncate before truncate on complaint_events
  for each statement execute function forbid_event_change();

-- Attachment metadata; the bytes live behind the storage interface (by default attachment_blobs).
create table attachments (
  id            uuid primary key,
  complaint_id  uuid not null references complaints (id),
  event_seq     integer,                        -- the event that added it
  filename      text not null,
  content_type  text not null,
  size_bytes    integer not null check (size_bytes >= 0),
  sha256        bytea not null,
  storage_key   text not null,
  created_at    timestamptz not null
);
create index attachments_complaint_idx on attachments (complaint_id);

create table attachment_blobs (
  key   text primary key,
  data  bytea not null
);

-- Messages to send (SMS, WhatsApp, email, push), written in the same transaction as the change
-- that causes them, then delivered by a job: a committed change never loses its notification.
create table outbox (
  id             bigint generated always as identity primary key,
  topic          text not null,
  complaint_id   uuid references complaints (id),
  payload        jsonb not null,
  created_at     timestamptz not null default now(),
  available_at   timestamptz not null default now(),
  attempts       integer not null default 0,
  delivered_at   timestamptz,
  last_error     text
);
create index outbox_pending_idx on outbox (available_at) where delivered_at is null;

-- Idempotency-Key → the complaint it created, so a retried submission returns the same complaint and
-- the same citizen secret (the client lost the first answer, so it needs the secret again). Keys are
-- meant to be pruned after a day by a job, which also clears the secret copy.
create table idempotency_keys (
  key             text primary key,
  request_hash    bytea not null,
  complaint_id    uuid not null references complaints (id),
  citizen_secret  text,
  created_at      timestamptz not null default now()
);
