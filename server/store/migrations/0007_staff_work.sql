-- Staff work on a complaint: the officer of the office it is assigned to. (Who may act is decided by the
-- complaint's office, department and area; concurrent edits are caught by event_count, its version.)
alter table complaints add column assigned_officer_id text;
