-- Category-specific extra fields (Open311 "attributes"): an electricity bill's reference number, a vehicle's
-- registration, whether an FIR was lodged. Each category lists its field definitions (code, datatype, required,
-- order, description in en/ur/ps, choices for lists; see server/domain/intake/category-attributes.ts); the seed
-- writes them.
alter table categories add column attributes jsonb not null default '[]' check (jsonb_typeof(attributes) = 'array');

-- A complaint's answers to them. They can be personal (an account number leads to a household), so they are sealed
-- like the address: one envelope ("enc:<key id>:…") of the JSON object of values, opened only for the citizen who
-- filed it and for staff; retention empties it with the address. Not in events: those can never be anonymised.
alter table complaints add column attributes text;
