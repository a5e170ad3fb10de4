-- Keys of the Open311 GeoReport v2 clients allowed to POST service requests (server/cli/open311.command.ts adds
-- them). Only the SHA-256 of a key is kept: the key is printed once when made, and a copy of this table opens nothing.
-- Keys are long random strings, so an unsalted hash is enough (nothing to guess from it, unlike a password).
create table open311_api_keys (
  id uuid primary key,
  name text not null unique check (length(name) between 1 and 100),
  key_hash bytea not null unique check (length(key_hash) = 32),
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  last_used_at timestamptz
);

-- mySociety's servicerequestupdates extension asks for public events by time.
create index complaint_events_public_created_idx on complaint_events (created_at) where visibility = 'public';
