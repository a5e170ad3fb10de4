-- The urgency model's guess at intake (router_models purpose 'urgency', server/services/router-model.service.ts): its
-- label (the organisation's own word, e.g. URGENT) and its confidence (0–1). Null when no urgency model was active.
alter table complaints
  add column urgency text check (urgency is null or length(urgency) between 1 and 200),
  add column urgency_confidence real check (urgency_confidence between 0 and 1);
