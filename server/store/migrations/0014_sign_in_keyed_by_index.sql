-- Citizen sign-in holds no contact in clear from here on: citizen_accounts' personal fields are sealed and its
-- *_lookup columns hold blind indexes (existing rows are sealed by `ekhtyar keys rotate`, which reads clear values),
-- sign-in codes are keyed by the contact's blind index, and per-contact counters by a keyed hash.
--
-- Codes and per-contact counters written before are keyed by the contact in clear, or by its plain sha256 (which a
-- search over every phone number undoes). Both are short-lived (10 minutes; one hour) and a rotation cannot re-key
-- a sha256, so they are deleted here rather than left to the hourly prune: a citizen half-way through signing in
-- asks for a new code, and per-contact counts start again once. Per-address counters stay as they are.
delete from citizen_sign_in_codes where contact_lookup not like 'idx:%';
delete from sign_in_rate_limits where bucket not like '%:ip';

comment on column citizen_sign_in_codes.contact_lookup is 'blind index of the contact (FieldCipher.lookup under the key current when the code was asked for)';
comment on column sign_in_rate_limits.subject is 'sha256 of the IP address, or of the contact''s blind index (keyed)';
