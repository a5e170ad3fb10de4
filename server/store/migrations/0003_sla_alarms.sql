-- The escalation sweep's work list: each running complaint's next SLA alarm (the 50% or 90% reminder, or the
-- breach), so a sweep reads only the complaints whose alarm has gone off, never the whole open backlog.
alter table complaints
  add column sla_alarm_at     timestamptz,
  add column sla_alarms_sent  smallint not null default 0;  -- bit 1: 50% reminder sent, bit 2: 90% reminder sent

create index complaints_sla_alarm_idx on complaints (sla_alarm_at) where sla_alarm_at is not null;
