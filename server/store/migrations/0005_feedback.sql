-- The citizen's answer to a resolution: when it was resolved (feedback reminders count from then) and the
-- 1-to-5 rating they gave, kept on the row for statistics (the full answer is in the event).
alter table complaints
  add column resolved_at      timestamptz,
  add column feedback_rating  smallint check (feedback_rating between 1 and 5);
