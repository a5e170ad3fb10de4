-- Abuse and profanity screening at intake (server/ai/abuse). A flagged complaint is stored, coded and routed like any
-- other; it waits here for a provincial monitor or an administrator to clear the flag (nothing wrong: a complaint
-- that quotes abuse, a false match) or uphold it (the text is abusive; staff see that it was). Never dropped.
alter table complaints
  add column moderation_status  text   not null default 'none' check (moderation_status in ('none', 'pending', 'cleared', 'upheld')),
  add column moderation_reasons text[] not null default '{}',
  add column moderation_score   real,
  add column moderated_by       uuid,
  add column moderated_at       timestamptz,
  add column moderation_note    text;

-- The queue: pending flags, oldest first (partial: almost every complaint is 'none').
create index complaints_moderation_idx on complaints (moderation_status, created_at) where moderation_status <> 'none';
