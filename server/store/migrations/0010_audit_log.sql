-- Tamper evidence beyond the complaint chains: a global hash-chained log of staff and administrative actions
-- (sign-ins, account and role changes, key rotations, reads of personal data, anchors), and daily anchors that
-- fix every chain's state at a cut-off so that a later, consistent rewrite of history still shows.

-- One append-only chain for the whole system. Ids are given by the appender, one more than the head's, so they
-- have no gaps and a deleted row shows as a missing id (an identity column would leave gaps on rollback).
create table audit_log (
  id            bigint primary key check (id >= 1),
  action        text not null check (action ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$'),
  actor_role    text not null check (actor_role <> ''),
  actor_id      text,
  subject_type  text,
  subject_id    text,
  payload       jsonb not null default '{}',
  ip            text,
  created_at    timestamptz not null,
  prev_hash     bytea,
  hash          bytea not null
);
create index audit_log_action_idx on audit_log (action, id);
create index audit_log_actor_idx on audit_log (actor_id, id) where actor_id is not null;
create index audit_log_subject_idx on audit_log (subject_type, subject_id, id) where subject_id is not null;
create index audit_log_created_idx on audit_log (created_at);

-- The chain head: one row, locked FOR UPDATE by every append, so appends from many processes take turns and each
-- links to the one before. The head's id and hash must equal the last row's; `ekhtyar audit verify` checks that.
create table audit_log_head (
  singleton  boolean primary key default true check (singleton),
  last_id    bigint not null default 0,
  last_hash  bytea
);
insert into audit_log_head (singleton) values (true);

-- A daily anchor: a running hash over every complaint event's hash in id order up to a cut-off id (so one anchor
-- commits to every complaint chain at that moment), the audit log's head at that moment, and the anchor before
-- (anchors form a chain of their own). Copies kept outside the database (mailed) make a rewrite detectable even by
-- someone who could rewrite every table: `ekhtyar audit verify` recomputes each anchor from the rows.
create table audit_anchors (
  id                 bigint primary key check (id >= 1),
  created_at         timestamptz not null,
  cutoff_event_id    bigint not null check (cutoff_event_id >= 0),  -- complaint_events with id <= this are covered
  event_count        bigint not null check (event_count >= 0),      -- how many there are
  events_hash        bytea,                                         -- null when there are none
  audit_log_id       bigint not null check (audit_log_id >= 0),     -- the audit log's head id (0: empty)
  audit_log_hash     bytea,
  prev_hash          bytea,
  hash               bytea not null
);

create function forbid_audit_change() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only (% refused)', tg_table_name, tg_op using errcode = 'insufficient_privilege';
end $$;
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function forbid_audit_change();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function forbid_audit_change();
create trigger audit_anchors_append_only before update or delete on audit_anchors
  for each row execute function forbid_audit_change();
create trigger audit_anchors_no_truncate before truncate on audit_anchors
  for each statement execute function forbid_audit_change();
