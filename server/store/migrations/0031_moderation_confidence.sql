-- The abuse screen's trained model (server/ai/abuse/model.ts): its confidence (0–1) that the complaint's text is
-- abusive, kept beside the lexicon's score (moderation_score) for a flagged complaint, so the moderator sees why.
-- Null for a complaint that was not flagged, and for flags made before the model.
alter table complaints add column moderation_confidence real check (moderation_confidence between 0 and 1);
