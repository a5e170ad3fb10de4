-- SLA on a business calendar: public holidays as data (lunar ones entered per year), and each complaint's
-- SLA clock (budget in business minutes, when it last started, what earlier runs used, whether it is paused).

create table holidays (
  date         date not null,
  name_en      text not null,
  name_ur      text,
  name_ps      text,
  kind         text not null check (kind in ('fixed', 'lunar', 'special')),
  -- Lunar dates are expected until the government notifies them after moon sighting.
  provisional  boolean not null default false,
  primary key (date, name_en)
);

alter table complaints
  add column sla_budget_minutes    integer check (sla_budget_minutes >= 0),
  add column sla_started_at        timestamptz,
  add column sla_consumed_minutes  double precision not null default 0,
  add column sla_paused_at         timestamptz;

-- The escalation sweep reads only complaints that are running and due.
create index complaints_due_idx on complaints (due_at) where due_at is not null and state in ('triage', 'assigned', 'in_progress');
