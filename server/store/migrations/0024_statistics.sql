-- Statistics (dashboards, the transparency page) find a period's resolutions, closures and escalations by event type
-- and time, instead of reading every complaint's history.
create index complaint_events_type_created_idx on complaint_events (type, created_at);
