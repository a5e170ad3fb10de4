import nodemailer, { type Transporter } from 'nodemailer';
import type { DeliveryResult, OutboundChannel, OutboundMessage } from '../channel.js';

/**
 * E-mail through any SMTP server (SMTP_URL), plain text, with the message id derived from the outbox row. With
 * `replyTo` (the complaints address, when mail intake is on) citizens' replies come back to the intake.
 */
export class EmailChannel implements OutboundChannel {
  readonly name = 'email' as const;
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
    private readonly domain: string,
    private readonly replyTo: string | null = null,
  ) {
    // Pooled: a connection per message costs an SMTP handshake each time (≈120 ms on loopback, against ≈10 ms on a kept
    // connection), which would bound answers to incoming mail and outbox delivery. `?pool=false` in SMTP_URL turns it off.
    this.transport = nodemailer.createTransport({ url: smtpUrl, pool: true });
  }

  async send(message: OutboundMessage): Promise<DeliveryResult> {
    try {
      const info = await this.transport.sendMail({
        from: this.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        // The same outbox row always carries the same Message-ID, so a rare repeat after a crash is recognisable.
        messageId: `<${message.messageId}@${this.domain}>`,
        ...(this.replyTo && { replyTo: this.replyTo }),
        ...(message.inReplyTo && { inReplyTo: message.inReplyTo, references: [...(message.references ?? []), message.inReplyTo].slice(-20) }),
        headers: { 'Content-Language': message.language, 'Auto-Submitted': 'auto-generated' },
        ...(message.language !== 'en' && { textEncoding: 'base64' as const }),
      });
      return { ok: true, providerId: info.messageId ?? null };
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      // 5xx from the server means this address will not take it; anything else (network, 4xx) may pass later.
      return { ok: false, retryable: code === undefined || code < 500, error: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Closes the SMTP connection pool. */
  close(): void {
    this.transport.close();
  }
}
