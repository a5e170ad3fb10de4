import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on loopback that keeps what it receives (or refuses it, to test failures). */
export interface TestSmtp {
  url: string;
  received: ParsedMail[];
  /** Answer the next messages with this SMTP code instead of accepting them (450 = try later, 550 = never). */
  refuseWith: number | null;
  close(): Promise<void>;
}

/** Starts the server on a free port. */
export async function startTestSmtp(): Promise<TestSmtp> {
  const state: { received: ParsedMail[]; refuseWith: number | null } = { received: [], refuseWith: null };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          if (state.refuseWith) {
            const error = Object.assign(new Error(state.refuseWith >= 500 ? 'mailbox unavailable' : 'try again later'), { responseCode: state.refuseWith });
            return callback(error);
          }
          state.received.push(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    get received() {
      return state.received;
    },
    get refuseWith() {
      return state.refuseWith;
    },
    set refuseWith(code: number | null) {
      state.refuseWith = code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
