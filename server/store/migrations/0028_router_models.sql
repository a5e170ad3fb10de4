-- The routing classifier's models (server/ai/classifier) and the officers' corrections it learns from (docs/AI.md,
-- "Routing by the classifier"). Models live here, not on a server's disk: every API process on every machine reads
-- the same active model, and a promotion or rollback reaches all of them (they check the active version).
create table router_models (
  id                  bigint generated always as identity primary key,
  -- What the model predicts: 'category' (labels are category ids) is the one in use.
  purpose             text not null check (purpose ~ '^[a-z][a-z_]{0,39}$'),
  version             integer not null check (version > 0),
  status              text not null check (status in ('candidate', 'active', 'retired', 'rejected')),
  source              text not null check (source in ('cli_import', 'scheduled_retrain', 'admin_retrain')),
  created_at          timestamptz not null default now(),
  -- A staff user's id, or 'cli' / 'scheduler'.
  created_by          text not null,
  labels              text[] not null,
  training_examples   integer not null check (training_examples >= 0),
  -- Figures on the held-out slice: the model's, and the model active then on the same slice (null: none was active).
  held_out_examples   integer,
  accuracy            real,
  macro_f1            real,
  compared_version    integer,
  compared_accuracy   real,
  compared_macro_f1   real,
  -- The model file's JSON (server/ai/classifier/model-file.ts), gzipped.
  model               bytea not null,
  activated_at        timestamptz,
  retired_at          timestamptz,
  -- Set when a rollback took this model out: a later rollback never brings it back.
  rolled_back_at      timestamptz,
  unique (purpose, version)
);

-- Exactly one active model per purpose (none is fine: routing then works as before, by keywords).
create unique index router_models_active_idx on router_models (purpose) where status = 'active';

-- Labelled examples from officers' corrections: the category a complaint was put in by hand (a recategorisation, or
-- a transfer to another department that named the category). The text is the complaint's own description, read
-- at training time, so the citizen's words are kept in one place and go when the complaint's data goes.
create table routing_examples (
  id            bigint generated always as identity primary key,
  complaint_id  uuid not null references complaints (id) on delete cascade,
  category_id   text not null references categories (id),
  source        text not null check (source in ('recategorised', 'transferred')),
  actor_id      text,
  created_at    timestamptz not null default now()
);
create index routing_examples_complaint_idx on routing_examples (complaint_id, id);

alter table router_models enable row level security;
alter table routing_examples enable row level security;
-- The service role (intake, jobs, administrators' API) reads and writes both. Staff connections write an example
-- only for a complaint their scope reaches (the subquery is filtered by the complaints policy), and read none.
create policy app_all on router_models to ekhtyar_app using (true) with check (true);
create policy app_all on routing_examples to ekhtyar_app using (true) with check (true);
create policy staff_add on routing_examples for insert to ekhtyar_staff with check (exists (select 1 from complaints c where c.id = routing_examples.complaint_id));

-- Table privileges come from 0013's default privileges; the policies above are what limits them.
