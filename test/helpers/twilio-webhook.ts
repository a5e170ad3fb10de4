import { createHmac, randomBytes } from 'node:crypto';

/** Signs as Twilio documents it, written here on its own: URL, then each name and value in name order; HMAC-SHA1, base64. */
export const signTwilio = (url: string, form: Record<string, string>, token: string): string =>
  createHmac('sha1', token)
    .update(
      Object.keys(form)
        .sort()
        .reduce((acc, name) => `${acc}${name}${form[name]}`, url),
    )
    .digest('base64');

/** A new Twilio message id. */
export const messageSid = (): string => `SM${randomBytes(16).toString('hex')}`;

/** The fields Twilio posts for an inbound SMS (as its docs list them). */
export const inboundSmsForm = (body: string, options: { from: string; accountSid: string; messageSid?: string }): Record<string, string> => {
  const sid = options.messageSid ?? messageSid();
  return {
    ToCountry: 'US',
    ToState: 'CA',
    SmsMessageSid: sid,
    NumMedia: '0',
    ToCity: '',
    FromZip: '',
    SmsSid: sid,
    FromState: '',
    SmsStatus: 'received',
    FromCity: '',
    Body: body,
    FromCountry: 'PK',
    To: '+15005550006',
    MessagingServiceSid: '',
    ToZip: '',
    NumSegments: '1',
    MessageSid: sid,
    AccountSid: options.accountSid,
    From: options.from,
    ApiVersion: '2010-04-01',
  };
};
