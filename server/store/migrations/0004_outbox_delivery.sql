-- Outbox delivery: each row is delivered once through the citizen's channel, retried with back-off on failure,
-- or set aside with the reason when there is nobody to tell or no adapter for their channel yet.
alter table outbox
  add column status   text not null default 'pending' check (status in ('pending', 'sent', 'failed', 'skipped')),
  add column channel  text;

drop index outbox_pending_idx;
create index outbox_pending_idx on outbox (available_at) where status = 'pending';
