-- The intake desk (issue 5 parts 4 and 5): calls the helpline takes, and the letter diary of each office.
-- Complaints filed here are ordinary complaints (channel 'phone' or 'letter'); these tables hold what the desk
-- itself records about the call or the letter.

-- One row per call an intake agent logs. The caller's number is never kept in clear: only its blind index
-- (HMAC under the data key, as citizens.phone_lookup), so calls from one number can be linked without storing it.
create table intake_calls (
  id                uuid primary key,
  agent_id          uuid not null references staff_users (id),
  caller_lookup     text,
  duration_seconds  integer not null check (duration_seconds between 0 and 86400),
  outcome           text not null check (outcome in ('complaint_filed', 'status_given', 'information_given', 'referred', 'dropped', 'other')),
  complaint_id      uuid references complaints (id),
  created_at        timestamptz not null
);
create index intake_calls_agent_idx on intake_calls (agent_id, created_at desc);
create index intake_calls_caller_idx on intake_calls (caller_lookup) where caller_lookup is not null;

-- The letter diary: the number an office's diary gives a letter is unique within that office (the constraint is
-- what refuses a second entry, so two desks entering one letter at once cannot both succeed).
create table intake_letters (
  id             uuid primary key,
  office_id      text not null references offices (id),
  diary_number   text not null check (diary_number ~ '^[A-Z0-9]+([-/][A-Z0-9]+)*$' and length(diary_number) <= 40),
  received_on    date not null,
  complaint_id   uuid not null unique references complaints (id),
  agent_id       uuid not null references staff_users (id),
  page_count     integer not null check (page_count >= 0),
  created_at     timestamptz not null,
  unique (office_id, diary_number)
);
create index intake_letters_agent_idx on intake_letters (agent_id, created_at desc);

-- "What they filed" (DESIGN section 1): an agent's filings are the complaints whose submitted event names them.
create index complaint_events_filed_by_agent_idx on complaint_events (actor_id, created_at desc) where seq = 1 and actor_role = 'intake_agent';
