import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateTrackingCode, parseTrackingCode } from '../tracking-code.js';
import { classifyMail, type MailFacts } from './mail-kind.js';
import { addressIn, rawHeader } from './raw-head.js';
import { codeInSubject, messageIdsIn, stripQuotedReply } from './threading.js';

const code = fc.uint8Array({ minLength: 7, maxLength: 7 }).map((bytes) => {
  let draw = 0;
  // generateTrackingCode draws again when the check value has no character; later draws shift the bytes.
  return generateTrackingCode(() => bytes.map((b) => (b + draw++ * 7) & 0xff));
});
// Words that hold no "kp" and so can never form a prefixed code.
const word = fc.constantFrom('Re:', 'Fwd:', 'AW:', 'complaint', 'Complaint', 'your', 'street', 'light', '—', '(1)', 'شکایت', 'water', 'update', 'ticket', '#12');
const filler = fc.array(word, { maxLength: 6 }).map((w) => w.join(' '));
// Ways people write a code: as given, lower case, spaces or dots for hyphens, no separators.
const written = (c: string) => fc.constantFrom(c, c.toLowerCase(), c.replace(/-/g, ' '), c.replace(/-/g, '.'), c.replace(/-/g, ''), `[${c}]`, `(${c})`);

describe('codeInSubject', () => {
  it('finds a tracking code written with its prefix anywhere in a subject, however it is separated', () => {
    fc.assert(
      fc.property(code.chain((c) => fc.tuple(fc.constant(c), written(c), filler, filler)), ([c, form, before, after]) => {
        expect(codeInSubject(`${before} ${form} ${after}`)).toBe(c);
      }),
    );
  });

  it('never reads a code without the KP prefix (eight letters match one time in 37 by chance)', () => {
    fc.assert(
      fc.property(code, filler, (c, before) => {
        expect(codeInSubject(`${before} ${c.slice(3)}`)).toBeNull();
      }),
    );
  });

  it('answers any string without throwing, and only with a valid code that the subject contains', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 600 }), (subject) => {
        const found = codeInSubject(subject);
        if (found !== null) {
          expect(parseTrackingCode(found)).toBe(found);
          expect(subject.slice(0, 500).toUpperCase().replace(/[\s.-]/g, '')).toContain(found.replace(/-/g, ''));
        }
      }),
    );
  });

  it('ignores a prefixed code whose check character is wrong', () => {
    expect(codeInSubject('Re: KP-7F3K-9QXB')).toBeNull();
    expect(codeInSubject('Re: KP-7F3K-9QXB and KP-7F3K-9QXA')).toBe(parseTrackingCode('KP-7F3K-9QXA'));
  });
});

describe('messageIdsIn', () => {
  const id = fc.tuple(fc.stringMatching(/^[A-Za-z0-9._%+-]{1,30}$/), fc.stringMatching(/^[a-z0-9.-]{1,20}$/)).map(([l, d]) => `<${l}@${d}>`);

  it('reads the ids of an In-Reply-To or References header in order, whatever separates them, at most 50', () => {
    fc.assert(
      fc.property(fc.uniqueArray(id, { maxLength: 80 }), fc.constantFrom(' ', '\r\n ', '\t', ', ', ' (comment) '), (ids, separator) => {
        const read = messageIdsIn(ids.join(separator));
        expect(read).toEqual(ids.slice(-50));
      }),
    );
  });

  it('takes an array as the parser gives it, and ignores text outside angle brackets', () => {
    expect(messageIdsIn(['<a@x>', '<b@y>'])).toEqual(['<a@x>', '<b@y>']);
    expect(messageIdsIn('a@x, not-an-id')).toEqual([]);
    expect(messageIdsIn(undefined)).toEqual([]);
  });
});

describe('stripQuotedReply', () => {
  const line = fc.stringMatching(/^[A-Za-z0-9 ,.]{1,60}$/).filter((l) => l.trim() !== '' && !/^\s*(On|From|Am|Le)\b/i.test(l));

  it('keeps what the citizen wrote above the quote, dropping the quote and the quote header', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), fc.array(line, { maxLength: 5 }), fc.constantFrom('On Mon, 1 Jan 2024, Ekhtyar <no-reply@x.pk> wrote:', '-----Original Message-----', 'From: Ekhtyar', '-- '), (mine, theirs, header) => {
        const text = `${mine.join('\n')}\n\n${header}\n${theirs.map((t) => `> ${t}`).join('\n')}`;
        expect(stripQuotedReply(text)).toBe(mine.join('\n').trim());
      }),
    );
  });

  it('leaves text without quotes as it is (trimmed), and keeps a reply written below the quote', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), (mine) => {
        expect(stripQuotedReply(mine.join('\n'))).toBe(mine.join('\n').trim());
        expect(stripQuotedReply(`On Monday, Ekhtyar wrote:\n> our answer\n${mine.join('\n')}`)).toBe(mine.join('\n').trim());
      }),
    );
  });
});

describe('rawHeader and addressIn', () => {
  it('read a header however it is folded, and only from the header block', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z0-9<>@.]{1,12}$/), { minLength: 1, maxLength: 6 }), fc.constantFrom('\r\n', '\n'), (pieces, eol) => {
        const raw = `Subject: x${eol}Message-ID: ${pieces.join(`${eol}\t`)}${eol}${eol}Message-ID: <in-the-body@x>${eol}`;
        expect(rawHeader(Buffer.from(raw), 'message-id')).toBe(pieces.join(' '));
      }),
    );
    expect(rawHeader('Subject: x\n\nFrom: body@x', 'from')).toBeNull();
  });

  it('find the address in the forms a From header takes', () => {
    expect(addressIn('"Khan, Ali" <ali.khan@example.pk>')).toBe('ali.khan@example.pk');
    expect(addressIn('=?UTF-8?B?2LnZhNuM?= <ali@example.pk>')).toBe('ali@example.pk');
    expect(addressIn('ali@example.pk (Ali Khan)')).toBe('ali@example.pk');
    expect(addressIn('undisclosed-recipients:;')).toBeNull();
    expect(addressIn(null)).toBeNull();
  });
});

describe('classifyMail', () => {
  const person: MailFacts = {
    headers: new Map(),
    from: 'citizen@example.pk',
    envelopeFrom: 'citizen@example.pk',
    subject: 'Water supply',
    contentType: 'text/plain',
    reportType: null,
    partTypes: [],
    hasPlainText: true,
    text: 'No water in our street since Friday.',
  };
  const withHeaders = (headers: Record<string, string>, extra: Partial<MailFacts> = {}): MailFacts => ({ ...person, ...extra, headers: new Map(Object.entries(headers)) });
  // Headers a person's mail commonly carries, none of which makes it machine mail.
  const harmless = fc
    .tuple(fc.dictionary(fc.constantFrom('x-mailer', 'user-agent', 'x-priority', 'importance', 'dkim-signature', 'received', 'x-originating-ip'), fc.constantFrom('1', 'Normal', 'Thunderbird', 'v=1; a=rsa-sha256')), fc.boolean())
    .map(([headers, saysNo]) => (saysNo ? { ...headers, 'auto-submitted': 'no' } : headers));

  it('takes a plain mail from a person, whatever ordinary headers it carries', () => {
    fc.assert(
      fc.property(harmless, (headers) => {
        expect(classifyMail(withHeaders(headers))).toEqual({ kind: 'person' });
      }),
    );
  });

  it('never takes a delivery report, an abuse report or Auto-Submitted mail for a person, whatever else it says', () => {
    const machine = fc.oneof(
      fc.constant<Partial<MailFacts>>({ contentType: 'multipart/report', reportType: 'delivery-status' }),
      fc.constant<Partial<MailFacts>>({ partTypes: ['message/delivery-status'] }),
      fc.constant<Partial<MailFacts>>({ contentType: 'multipart/report', reportType: 'feedback-report' }),
      fc.constant<Partial<MailFacts>>({ envelopeFrom: '' }),
      fc.constantFrom('MAILER-DAEMON', 'postmaster', 'Mailer-Daemon').map((local) => ({ from: `${local}@mx.example.org` })),
      fc.constantFrom('Out of Office: back Monday', 'Automatic reply: Water supply', 'Undeliverable: Water supply', 'AUTO: away').map((subject) => ({ subject })),
    );
    const autoSubmitted = fc.constantFrom('auto-replied', 'auto-generated', 'auto-notified; owner-email="x@y"');
    fc.assert(
      fc.property(machine, harmless, (facts, headers) => {
        expect(classifyMail(withHeaders({ ...headers, 'auto-submitted': 'no' }, facts)).kind).not.toBe('person');
      }),
    );
    fc.assert(
      fc.property(autoSubmitted, harmless, (value, headers) => {
        expect(classifyMail(withHeaders({ ...headers, 'auto-submitted': value })).kind).toBe('auto_reply');
      }),
    );
  });

  it('recognises auto-responders, lists, upstream spam verdicts, calendars, no-reply senders and our own mail', () => {
    expect(classifyMail(withHeaders({ 'x-autoreply': 'yes' })).kind).toBe('auto_reply');
    expect(classifyMail(withHeaders({ precedence: 'bulk' })).kind).toBe('bulk');
    expect(classifyMail(withHeaders({ 'list-id': '<news.example.org>' })).kind).toBe('bulk');
    expect(classifyMail(withHeaders({ 'x-spam-flag': 'YES' })).kind).toBe('spam');
    expect(classifyMail(withHeaders({ 'x-spam-status': 'Yes, score=9.1' })).kind).toBe('spam');
    expect(classifyMail(withHeaders({ 'x-spam-score': '7.5' })).kind).toBe('spam');
    expect(classifyMail(withHeaders({ 'x-spam-score': '0.0', 'x-spam-status': 'No, score=0.0' })).kind).toBe('person');
    expect(classifyMail(withHeaders({}, { partTypes: ['text/calendar'] })).kind).toBe('calendar');
    expect(classifyMail(withHeaders({}, { from: 'no-reply@bank.example' })).kind).toBe('no_reply');
    expect(classifyMail(withHeaders({}, { from: 'Complaints@Ekhtyar.test' }), ['complaints@ekhtyar.test']).kind).toBe('loop');
  });

  it('needs several weak signs together before calling a mail spam', () => {
    const html = { hasPlainText: false, text: 'Click here to unsubscribe' };
    expect(classifyMail(withHeaders({}, html)).kind).toBe('person');
    expect(classifyMail(withHeaders({}, { ...html, from: 'noreply@promo.example', subject: 'WINNER today!' })).kind).toBe('spam');
  });
});
