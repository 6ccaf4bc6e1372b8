import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { newId } from '../../shared/ids';

export type OutgoingMail = { to: string; subject: string; text: string; html?: string };
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
        await transport.sendMail({ from: options.from, ...mail });
      },
      close: () => transport.close(),
    };
  }
  const dir = join(options.dataDir, 'mail-out');
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      const info = await transport.sendMail({ from: options.from, ...mail });
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${newId()}.eml`), info.message as Buffer);
    },
    close: () => transport.close(),
  };
}
