import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Logger } from '../../logger.js';
import type { StoredMail } from '../../store/email-inbound.repository.js';

/** Where the SMTP server listens and what it takes. */
export interface SmtpIntakeOptions {
  host: string;
  /** 0 takes any free port. */
  port: number;
  /** Accepted recipient addresses (lower case); any other RCPT TO gets 550. */
  addresses: readonly string[];
  maxBytes: number;
  /** The name in the greeting and in Received lines (our public host name). */
  serverName: string;
}

/** A running SMTP intake server. */
export interface SmtpIntake {
  port: number;
  close(): Promise<void>;
}

/** Stores a received mail; resolves once it is committed (true when new, false for a duplicate). */
export type MailReceiver = (mail: StoredMail) => Promise<boolean>;

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

/**
 * The built-in SMTP server that takes complaints by e-mail (smtp-server), as the last hop for the complaints address:
 * RCPT TO another address is refused with 550, a message over the size limit with 552, and DATA is answered 250 only
 * once the raw message is committed (451 otherwise, so the sending server tries again): an accepted mail is never lost.
 * No AUTH (it takes mail addressed to us, it relays nothing) and no STARTTLS: put it behind the domain's MTA or a
 * TLS-terminating relay. No DNS look-ups of clients.
 */
export async function startSmtpIntake(options: SmtpIntakeOptions, receive: MailReceiver, log: Logger | null): Promise<SmtpIntake> {
  const accepted = new Set(options.addresses.map((a) => a.toLowerCase()));
  const server = new SMTPServer({
    name: options.serverName,
    banner: 'Ekhtyar complaints',
    size: options.maxBytes,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    disableReverseLookup: true,
    maxClients: 200,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (accepted.has(address.address.toLowerCase())) return callback();
      callback(smtpError(550, '5.1.1 No such mailbox here: mail for complaints only'));
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        // Past the limit the rest is read and thrown away (smtp-server must see the end of DATA), never kept.
        if (!stream.sizeExceeded) chunks.push(chunk);
      });
      stream.on('error', (error: Error) => callback(error));
      stream.on('end', () => {
        if (stream.sizeExceeded) return callback(smtpError(552, `5.3.4 Message too big: at most ${options.maxBytes} bytes`));
        const mailFrom = session.envelope.mailFrom;
        const mail: StoredMail = {
          envelopeFrom: mailFrom ? mailFrom.address : '',
          envelopeTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          raw: Buffer.concat(chunks),
        };
        receive(mail).then(
          (stored) => callback(null, stored ? '2.0.0 Accepted: the tracking code follows by e-mail' : '2.0.0 Accepted (already received)'),
          (error: unknown) => {
            log?.error({ err: error }, 'an inbound mail could not be stored; the sender was told to try again');
            callback(smtpError(451, '4.3.0 Temporary failure storing the message, try again later'));
          },
        );
      });
    },
  });
  server.on('error', (error) => log?.error({ err: error }, 'SMTP intake error'));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
