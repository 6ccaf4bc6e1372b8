import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export type ReceivedMail = { from: string; to: string[]; subject: string; text: string };

export type SmtpSink<T> = { url: string; received: T[]; close(): Promise<void> };

/** A real SMTP server on a loopback port that keeps what `keep` makes of each mail it receives. */
async function startSink<T>(keep: (mail: ParsedMail, session: SMTPServerSession) => T): Promise<SmtpSink<T>> {
  const received: T[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(keep(mail, session));
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An SMTP sink that keeps the envelope, subject and text of each mail, for tests of outgoing mail. */
export function startSmtpSink(): Promise<SmtpSink<ReceivedMail>> {
  return startSink((mail, session) => ({
    from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
    to: session.envelope.rcptTo.map((r) => r.address),
    subject: mail.subject ?? '',
    text: mail.text ?? '',
  }));
}

/**
 * An SMTP sink that keeps each mail fully parsed (headers, HTML, attachments), for tests that look
 * at the threading headers of what we send.
 */
export function startParsingSmtpSink(): Promise<SmtpSink<ParsedMail>> {
  return startSink((mail) => mail);
}
