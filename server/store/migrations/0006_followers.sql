-- Citizens who follow a complaint about the same problem instead of filing another ("is this your problem?"),
-- and who then hear of its public updates. An outbox row addressed to one of them names them as its recipient.
create table complaint_followers (
  complaint_id  uuid not null references complaints (id),
  citizen_id    uuid not null references citizens (id),
  created_at    timestamptz not null,
  primary key (complaint_id, citizen_id)
);

alter table outbox add column recipient_citizen_id uuid references citizens (id);

-- Duplicate suggestions look for open complaints of one category filed recently.
create index complaints_category_created_idx on complaints (category_id, created_at desc);
