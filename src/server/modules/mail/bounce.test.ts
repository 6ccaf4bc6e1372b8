import { describe, expect, it } from 'vitest';
import { type BounceEvidence, detectBounce } from './bounce';

function evidence(overrides: Partial<BounceEvidence>): BounceEvidence {
  return {
    fromAddress: 'mailer-daemon@mx.printwerk.example',
    fromName: 'Mail Delivery System',
    subject: 'Undelivered Mail Returned to Sender',
    contentType: 'multipart/report',
    reportType: 'delivery-status',
    xFailedRecipients: [],
    text: '',
    parts: [],
    ...overrides,
  };
}

function part(contentType: string, text: string) {
  return { contentType, content: Buffer.from(text.replace(/\n/g, '\r\n')) };
}

const HEADERS_OF_OUR_MAIL =
  'From: service@printwerk.example\nMessage-ID: <reply-1@printwerk.example>\nSubject: x\n';

describe('detecting bounces', () => {
  it('reads the per-recipient fields of an RFC 3464 report and reports only the failed recipient', () => {
    const report = detectBounce(
      evidence({
        parts: [
          part(
            'message/delivery-status',
            'Reporting-MTA: dns; mx.printwerk.example\n\n' +
              'Final-Recipient: rfc822; kasse@baeckerei-sommer.example\nAction: delivered\nStatus: 2.0.0\n\n' +
              'Final-Recipient: rfc822; Buero@Baeckerei-Sommer.example\nAction: failed\nStatus: 5.1.1\n' +
              'Diagnostic-Code: smtp; 550 5.1.1 User unknown\n    (in reply to RCPT TO)\n',
          ),
          part('text/rfc822-headers', HEADERS_OF_OUR_MAIL),
        ],
      }),
    );
    expect(report).toEqual({
      originalMessageId: 'reply-1@printwerk.example',
      failedRecipients: ['buero@baeckerei-sommer.example'],
      undeliverable: ['buero@baeckerei-sommer.example'],
      action: 'failed',
      status: '5.1.1',
      diagnostic: '550 5.1.1 User unknown (in reply to RCPT TO)',
    });
  });

  it('takes the original Message-ID from an attached message/rfc822', () => {
    const report = detectBounce(
      evidence({
        parts: [
          part(
            'message/delivery-status',
            'Reporting-MTA: dns; x\n\nFinal-Recipient: rfc822; a@b.example\nAction: failed\n',
          ),
          part('message/rfc822', `${HEADERS_OF_OUR_MAIL}\nBody with Message-ID: <not-this@x>\n`),
        ],
      }),
    );
    expect(report?.originalMessageId).toBe('reply-1@printwerk.example');
  });

  it('reports a delayed delivery as action delayed', () => {
    const report = detectBounce(
      evidence({
        subject: 'Delayed Mail (still being retried)',
        parts: [
          part(
            'message/delivery-status',
            'Reporting-MTA: dns; x\n\nFinal-Recipient: rfc822; a@b.example\nAction: delayed\nStatus: 4.4.7\n',
          ),
        ],
      }),
    );
    expect(report).toMatchObject({ action: 'delayed', status: '4.4.7', failedRecipients: ['a@b.example'] });
  });

  it('names as undeliverable only the recipient that failed, not a delayed or delivered one', () => {
    const report = detectBounce(
      evidence({
        parts: [
          part(
            'message/delivery-status',
            'Reporting-MTA: dns; x\n\n' +
              'Final-Recipient: rfc822; weg@b.example\nAction: failed\nStatus: 5.1.1\n\n' +
              'Final-Recipient: rfc822; spaeter@b.example\nAction: delayed\nStatus: 4.4.7\n\n' +
              'Final-Recipient: rfc822; da@b.example\nAction: delivered\nStatus: 2.0.0\n',
          ),
        ],
      }),
    );
    expect(report).toMatchObject({ action: 'failed', undeliverable: ['weg@b.example'] });
  });

  it('names the address we wrote to when a forwarding server reports where the mail went on', () => {
    const report = detectBounce(
      evidence({
        parts: [
          part(
            'message/delivery-status',
            'Reporting-MTA: dns; x\n\nOriginal-Recipient: rfc822; kunde@a.example\n' +
              'Final-Recipient: rfc822; kunde-neu@c.example\nAction: failed\nStatus: 5.1.1\n',
          ),
        ],
      }),
    );
    expect(report?.undeliverable.sort()).toEqual(['kunde-neu@c.example', 'kunde@a.example']);
  });

  it('returns a positive delivery report as delivered, with nobody failed', () => {
    const report = detectBounce(
      evidence({
        subject: 'Successful Mail Delivery Report',
        parts: [
          part(
            'message/delivery-status',
            'Reporting-MTA: dns; x\n\nFinal-Recipient: rfc822; a@b.example\nAction: delivered\n',
          ),
        ],
      }),
    );
    expect(report).toMatchObject({ action: 'delivered', failedRecipients: [] });
  });

  it('recognises a Postfix-style text bounce from MAILER-DAEMON with the original headers in the body', () => {
    const report = detectBounce(
      evidence({
        contentType: 'text/plain',
        reportType: null,
        text:
          'I am sorry to have to inform you that your message could not be delivered.\n\n' +
          '<buero@baeckerei-sommer.example>: host mx said: 550 5.1.1 User unknown\n\n' +
          `--- original headers ---\n${HEADERS_OF_OUR_MAIL}`,
      }),
    );
    expect(report).toEqual({
      originalMessageId: 'reply-1@printwerk.example',
      failedRecipients: ['buero@baeckerei-sommer.example'],
      undeliverable: ['buero@baeckerei-sommer.example'],
      action: 'failed',
      status: '5.1.1',
      diagnostic: '<buero@baeckerei-sommer.example>: host mx said: 550 5.1.1 User unknown',
    });
  });

  it('recognises a German Exchange "Unzustellbar" from postmaster', () => {
    const report = detectBounce(
      evidence({
        fromAddress: 'postmaster@nordwest-it.example',
        fromName: 'Microsoft Outlook',
        subject: 'Unzustellbar: Ihre Anfrage',
        contentType: 'multipart/mixed',
        reportType: null,
        text: 'Die Nachricht konnte an folgende Empfänger oder Gruppen nicht übermittelt werden:\n\nlager@nordwest-it.example\n',
        parts: [part('message/rfc822', HEADERS_OF_OUR_MAIL)],
      }),
    );
    expect(report).toMatchObject({
      originalMessageId: 'reply-1@printwerk.example',
      failedRecipients: ['lager@nordwest-it.example'],
      action: 'failed',
    });
  });

  it('takes failed recipients from X-Failed-Recipients', () => {
    const report = detectBounce(
      evidence({
        subject: 'Mail delivery failed: returning message to sender',
        contentType: 'text/plain',
        xFailedRecipients: ['Kasse@Baeckerei-Sommer.example'],
      }),
    );
    expect(report?.failedRecipients).toEqual(['kasse@baeckerei-sommer.example']);
  });

  it('does not take a customer asking about a failed delivery for a bounce', () => {
    const report = detectBounce(
      evidence({
        fromAddress: 'buero@baeckerei-sommer.example',
        fromName: 'Anna Sommer',
        subject: 'Mail delivery failed? Unsere Mail kam zurück',
        contentType: 'text/plain',
        reportType: null,
        text: 'Unsere Mail an Sie kam zurück, ist die Adresse richtig?',
      }),
    );
    expect(report).toBeNull();
  });

  it('does not take an ordinary mail from postmaster for a bounce', () => {
    const report = detectBounce(
      evidence({ subject: 'Wartungsfenster am Samstag', contentType: 'text/plain', reportType: null }),
    );
    expect(report).toBeNull();
  });
});
