-- GeoReport v2 tokens: each POST /requests answers with the service_request_id and a token, and
-- GET /tokens/{token} gives the id back. Intake is synchronous, so the id is known at once; the token is for
-- clients written to the spec's asynchronous form, which keep a token and look the id up later.
create table open311_tokens (
  token        uuid primary key,
  complaint_code text not null references complaints(code),
  api_key_id   uuid not null references open311_api_keys(id),
  created_at   timestamptz not null default now()
);

grant select, insert on open311_tokens to ekhtyar_app;
