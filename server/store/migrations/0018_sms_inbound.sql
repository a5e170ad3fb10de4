-- Inbound SMS (Twilio's inbound message webhook) is kept in inbound_messages like WhatsApp: one row per MessageSid,
-- sealed body, sender as blind index, processed after the webhook is answered.
alter table inbound_messages drop constraint inbound_messages_channel_check;
alter table inbound_messages add constraint inbound_messages_channel_check check (channel in ('whatsapp', 'sms'));
