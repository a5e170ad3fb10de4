-- Personal data encrypted at rest. The personal columns of citizens (name, phone, email, cnic, address) and
-- complaints.address keep their text type and now hold envelopes "enc:<key id>:<base64>" (AES-256-GCM, sealed by
-- the application; the keys never reach the database). The *_lookup columns hold keyed blind indexes
-- "idx:<key id>:<base64url HMAC-SHA256>" of the normalised value instead of the value. Rows written before this
-- migration keep their clear values until `ekhtyar keys rotate` seals them; until then they still read.

-- Retention: a citizen whose complaints all closed long ago has their personal fields emptied and is marked.
alter table citizens add column anonymised_at timestamptz;
create index citizens_cnic_lookup_idx on citizens (cnic_lookup) where cnic_lookup is not null;
-- "Every complaint this citizen follows", for retention.
create index complaint_followers_citizen_idx on complaint_followers (citizen_id);

-- The keys this database has data under, by id, with a fingerprint derived from each (it reveals nothing of the
-- key): a process started with a different key under a known id, or without a key the data still needs, is refused.
-- A key is retired once `ekhtyar keys rotate` has left nothing under it.
create table data_keys (
  id             text primary key,
  fingerprint    bytea not null,
  registered_at  timestamptz not null default now(),
  retired_at     timestamptz
);

-- Secrets the application derives pseudonyms from, sealed under the data keys like any personal field (and
-- re-sealed by a rotation), so they stay the same across key rotations and are useless without the keys.
create table privacy_secrets (
  name        text primary key,
  value       text not null,
  created_at  timestamptz not null default now()
);

-- Every time a staff member reads a citizen's contact details: who, in which role, whose, for which complaint,
-- which fields, why, and when. Written in the same transaction as the read; never changed afterwards.
create table personal_data_reads (
  id            bigint generated always as identity primary key,
  staff_id      text not null,
  staff_role    text not null,
  citizen_id    uuid references citizens (id),
  complaint_id  uuid not null references complaints (id),
  fields        text[] not null,
  purpose       text not null check (length(btrim(purpose)) between 1 and 500),
  read_at       timestamptz not null
);
create index personal_data_reads_citizen_idx on personal_data_reads (citizen_id, read_at);
create index personal_data_reads_staff_idx on personal_data_reads (staff_id, read_at);

create function forbid_personal_data_read_change() returns trigger language plpgsql as $$
begin
  raise exception 'personal_data_reads is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end $$;
create trigger personal_data_reads_append_only before update or delete on personal_data_reads
  for each row execute function forbid_personal_data_read_change();
create trigger personal_data_reads_no_truncate before truncate on personal_data_reads
  for each statement execute function forbid_personal_data_read_change();
