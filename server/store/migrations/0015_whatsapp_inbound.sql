-- Inbound messages from the channels (WhatsApp first), kept before anything is done with them, and the WhatsApp
-- conversations they belong to. A webhook is acknowledged only after its items are committed here; processing reads
-- the rows whose processed_at is null, so a crash after the acknowledgement loses nothing.

create table inbound_messages (
  id                  bigint generated always as identity primary key,
  channel             text not null check (channel in ('whatsapp')),
  -- The provider's id of what arrived: the message id; for a delivery status "<message id>:<status>"; for anything
  -- else the field and a sha256 of its content. A redelivered webhook hits this key and is stored once.
  provider_key        text not null,
  kind                text not null check (kind in ('message', 'status', 'other')),
  -- The message type (text, image, interactive…), the delivery status (sent, delivered, read, failed…) or the field.
  subtype             text not null,
  -- Blind index of the sender's (or, for a status, the recipient's) number; null when the item names nobody.
  sender_lookup       text,
  -- The item as it arrived (JSON, with the sender's profile), sealed: it holds numbers, names and what they wrote.
  body                text not null,
  provider_at         timestamptz,
  received_at         timestamptz not null default now(),
  available_at        timestamptz not null default now(),
  attempts            integer not null default 0,
  processed_at        timestamptz,
  -- What processing did, in words without personal data ("replied: status", "stored only", "reply failed: …").
  outcome             text,
  last_error          text,
  -- The provider's id of our reply, so its delivery statuses can be matched, and the latest of them.
  reply_provider_id   text,
  reply_status        text,
  unique (channel, provider_key)
);
create index inbound_messages_unprocessed_idx on inbound_messages (available_at, id) where processed_at is null;
create index inbound_messages_reply_idx on inbound_messages (reply_provider_id) where reply_provider_id is not null;

-- One row per WhatsApp user: when they last wrote (the 24-hour customer-service window runs from it), the language
-- they write in, and room for the filing bot's state (the conversational bot comes next; it keeps its step and
-- answers so far in bot_state / bot_data, sealing anything personal).
create table whatsapp_conversations (
  id                  uuid primary key default gen_random_uuid(),
  -- Blind index of the number (E.164) under the current key; wa_id is the number, sealed with the row id.
  wa_lookup           text not null unique,
  wa_id               text not null,
  language            text not null default 'en' check (language in ('en', 'ur', 'ps')),
  last_inbound_at     timestamptz not null,
  bot_state           text not null default 'idle',
  bot_data            jsonb not null default '{}'::jsonb,
  created_at          timestamptz not null default now(),
  updated_at          timestamptz not null default now()
);

-- Delivery statuses of what the outbox sent through a provider that reports them (WhatsApp).
alter table outbox
  add column provider_message_id text,
  add column provider_status text,
  add column provider_status_at timestamptz;
create index outbox_provider_message_idx on outbox (provider_message_id) where provider_message_id is not null;

grant select, insert, update, delete on inbound_messages, whatsapp_conversations to ekhtyar_app;
grant usage, select on all sequences in schema public to ekhtyar_app;
