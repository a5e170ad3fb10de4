-- The office week SLA clocks run on, as administrators set it: one row per working weekday (0 Sunday … 6 Saturday)
-- with its hours in minutes after local midnight; a day without a row is a day off. While the table is empty the
-- week comes from the configuration (EKHTYAR_OFFICE_HOURS, Monday to Friday 09:00-17:00 by default).
create table office_week (
  weekday       smallint primary key check (weekday between 0 and 6),
  open_minute   integer not null check (open_minute between 0 and 1439),
  close_minute  integer not null check (close_minute between 1 and 1440),
  check (close_minute > open_minute)
);
