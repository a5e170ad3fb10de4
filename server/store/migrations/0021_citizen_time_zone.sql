-- A citizen's own time zone (IANA name, e.g. Asia/Dubai), when they gave one explicitly (the web form may send the
-- browser's). Without it, times in their messages use the zone of their phone number's country (country_code), and
-- Asia/Karachi when neither is known. Only what a citizen is shown uses it: SLA arithmetic stays in Pakistan's time.
alter table citizens add column time_zone text
  check (time_zone is null or (length(time_zone) between 1 and 64 and time_zone ~ '^[A-Za-z][A-Za-z0-9_+/-]*$'));
