-- SLA-breach risk (server/ai/risk): the models the nightly TrainBreachRiskModelTask fits on the complaints' history;
-- the one stored last (highest id) is the one used. Each row holds the coefficients with the history rates its
-- features need (breaches per category and per office: aggregates, no complaint or person in them) and the
-- calibration measured on the history it held out.
-- While the table is empty the staff queue predicts with the built-in prior model.
create table risk_models (
  id          bigint generated always as identity primary key,
  trained_at  timestamptz not null,
  kind        text not null check (kind in ('prior', 'trained')),
  -- {intercept, weights (in the order of features), features, globalRate, categories, offices}
  model       jsonb not null,
  episodes    integer not null check (episodes >= 0),
  snapshots   integer not null check (snapshots >= 0),
  -- Why the prior was kept (too little history), when it was.
  fallback    text,
  -- {count, positives, brier, brierReference, brierRatio, logLoss, auc, ece, reliability, trainEpisodes, heldOutEpisodes}
  held_out    jsonb
);

-- Staff read the model (their queue predicts with it); only the job, on the application role, writes it.
revoke insert, update, delete on risk_models from ekhtyar_staff;
