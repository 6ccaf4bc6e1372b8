import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { newId } from '../../shared/ids';

/** A mail as nodemailer takes it; the threading headers let replies find their case again. */
export type OutgoingMail = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Defaults to MAIL_FROM. */
  from?: string;
  replyTo?: string;
  /** With angle brackets, e.g. <…@channeldesk>; stored beforehand so replies thread. */
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
  /**
   * Files from DATA_DIR/attachments, named by path: the outbox row stays small and the bytes are
   * read when the mail is sent (a missing file fails the attempt, which is retried like any other).
   */
  attachments?: { filename: string; path: string; contentType: string }[];
};
export type MailSender = { send(mail: OutgoingMail): Promise<void>; close(): void };

/**
 * Sends mail over SMTP when SMTP_URL is set. Without it, mails are written as .eml files to
 * DATA_DIR/mail-out so a local installation can read password-reset links without a mail server.
 */
export function createMailSender(options: { smtpUrl?: string; from: string; dataDir: string }): MailSender {
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport(options.smtpUrl);
    return {
      async send(mail) {
        await transport.sendMail({ ...mail, from: mail.from ?? options.from });
      },
      close: () => transport.close(),
    };
  }
  const dir = join(options.dataDir, 'mail-out');
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      const info = await transport.sendMail({ ...mail, from: mail.from ?? options.from });
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${newId()}.eml`), info.message as Buffer);
    },
    close: () => transport.close(),
  };
}
