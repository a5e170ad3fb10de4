-- The filing bot (issue 5, WhatsApp and SMS): SMS conversations beside WhatsApp's (migration 0015), and the photos
-- and voice notes a conversation keeps until the complaint is filed.

-- One row per SMS sender, as whatsapp_conversations is per WhatsApp user: the language, when they last wrote, and
-- the bot's step (bot_state, in clear: a step name says nothing about anyone) and answers so far (bot_data, sealed
-- as {"sealed": "enc:…"}: it holds what the citizen wrote and where they are).
create table sms_conversations (
  id                  uuid primary key default gen_random_uuid(),
  -- Blind index of the number (E.164) under the current key; number is the number, sealed with the row id.
  number_lookup       text not null unique,
  number              text not null,
  language            text not null default 'en' check (language in ('en', 'ur', 'ps')),
  last_inbound_at     timestamptz not null,
  bot_state           text not null default 'idle',
  bot_data            jsonb not null default '{}'::jsonb,
  created_at          timestamptz not null default now(),
  updated_at          timestamptz not null default now()
);

-- A photo or voice note a citizen sent during a conversation, already checked and cleaned (re-encoded photo, voice
-- note with its comment header emptied), kept until the complaint is filed (then it becomes an attachment) or the
-- conversation lets go of it (cancelled, timed out). Rows left behind by abandoned conversations are deleted by
-- the prune-bot-media task after two days.
create table bot_media (
  id                  uuid primary key,
  channel             text not null check (channel in ('whatsapp', 'sms')),
  -- whatsapp_conversations.id or sms_conversations.id, by channel (no foreign key: two tables).
  conversation_id     uuid not null,
  kind                text not null check (kind in ('photo', 'voice_note')),
  filename            text not null,
  content_type        text not null,
  size_bytes          integer not null check (size_bytes >= 0),
  sha256              bytea not null,
  data                bytea not null,
  created_at          timestamptz not null default now()
);
create index bot_media_conversation_idx on bot_media (conversation_id);
create index bot_media_created_idx on bot_media (created_at);

grant select, insert, update, delete on sms_conversations, bot_media to ekhtyar_app;
