-- E-mail intake (issue 5 part 3): mail taken by the built-in SMTP server is kept in inbound_messages like WhatsApp and
-- SMS, before the SMTP transaction is answered: one row per Message-ID (or sha256 of the raw message when it has none),
-- the raw message sealed in body, the sender's address as a blind index in sender_lookup.
alter table inbound_messages drop constraint inbound_messages_channel_check;
alter table inbound_messages add constraint inbound_messages_channel_check check (channel in ('whatsapp', 'sms', 'email'));

alter table inbound_messages
  -- The complaint a message filed or added information to, so a reply to our answer finds it again (and staff can
  -- see which mail a complaint came from).
  add column complaint_id uuid references complaints (id),
  -- Mail over the per-sender limit (a mail bomb) is kept and held for a person to look at, never dropped: 'held'
  -- until staff release it (it is then processed as if it had just arrived, limits aside) or discard it.
  add column review_status text check (review_status in ('held', 'released', 'discarded')),
  add column reviewed_by uuid references staff_users (id),
  add column reviewed_at timestamptz,
  -- Size of what arrived (the raw message), for the review list: the body itself is sealed.
  add column size_bytes integer;

create index inbound_messages_complaint_idx on inbound_messages (complaint_id) where complaint_id is not null;
create index inbound_messages_held_idx on inbound_messages (received_at) where review_status = 'held';
