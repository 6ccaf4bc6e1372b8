import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MailParseError, parseMail } from './parse';

const FIXTURES = join(import.meta.dirname, '../../../../test/fixtures/mail');

function fixture(file: string): Buffer {
  return readFileSync(join(FIXTURES, file));
}

/** A raw mail from readable lines; 'latin1' writes each character below 256 as one byte. */
function raw(text: string, encoding: 'utf8' | 'latin1' = 'utf8'): Buffer {
  return Buffer.from(text.replace(/\r?\n/g, '\r\n'), encoding);
}

const HEAD =
  'From: Anna Sommer <buero@baeckerei-sommer.example>\nTo: service@printwerk.example\n' +
  'Date: Tue, 3 Mar 2026 10:15:00 +0100\nMessage-ID: <m1@baeckerei-sommer.example>\n';

describe('parsing mail', () => {
  it('keeps the umlauts and the euro sign of an ISO-8859-15 subject and body', async () => {
    const mail = await parseMail(fixture('latin9-euro-subject.eml'));
    expect(mail.subject).toBe('Rechnung über 149,00 € doppelt abgebucht');
    expect(mail.text).toContain('über 149,00 €');
  });

  it('reads „“ and € from a Windows-1252 quoted-printable body', async () => {
    const mail = await parseMail(fixture('cp1252-quotes-euro.eml'));
    expect(mail.text).toContain('der „Lieferschein 88123“. Außerdem wurden uns 12,50 € Versand');
  });

  it('joins encoded words that split an umlaut in two', async () => {
    const mail = await parseMail(fixture('subject-split-encoded-words.eml'));
    expect(mail.subject).toBe('Beschädigte Lieferung – Gehäuse gebrochen');
    expect(mail.from).toEqual({ address: 'lager@nordwest-it.example', name: 'Nordwest IT GmbH – Lager' });
  });

  it('returns message ids without angle brackets and References in header order', async () => {
    const mail = await parseMail(
      raw(`${HEAD.replace('Message-ID: <m1@baeckerei-sommer.example>\n', '')}Message-ID:   <m2@x.example>
In-Reply-To: <b@x.example> (Anna's mail)
References: <a@x.example>
 <b@x.example>
Subject: Re: x

Text`),
    );
    expect(mail.messageId).toBe('m2@x.example');
    expect(mail.inReplyTo).toEqual(['b@x.example']);
    expect(mail.references).toEqual(['a@x.example', 'b@x.example']);
  });

  it('lowercases addresses, keeps display names and opens address groups', async () => {
    const mail = await parseMail(
      raw(`From: "Sommer, Anna" <Buero@Baeckerei-Sommer.EXAMPLE>
To: Filialen: filiale1@baeckerei-sommer.example, Filiale2@baeckerei-sommer.example;
Cc: =?utf-8?Q?J=C3=BCrgen?= <einkauf@moebel-krause.example>
Reply-To: rechnung@baeckerei-sommer.example
Subject: x
Message-ID: <m@x>
Date: Tue, 3 Mar 2026 10:15:00 +0100

Text`),
    );
    expect(mail.from).toEqual({ address: 'buero@baeckerei-sommer.example', name: 'Sommer, Anna' });
    expect(mail.to.map((entry) => entry.address)).toEqual([
      'filiale1@baeckerei-sommer.example',
      'filiale2@baeckerei-sommer.example',
    ]);
    expect(mail.cc).toEqual([{ address: 'einkauf@moebel-krause.example', name: 'Jürgen' }]);
    expect(mail.replyTo?.address).toBe('rechnung@baeckerei-sommer.example');
  });

  it('keeps an inline image as a cid: reference and an inline-image attachment', async () => {
    const mail = await parseMail(fixture('nested-multipart-inline-image.eml'));
    expect(mail.html).toContain('<img alt="Foto" src="cid:streifen-01@baeckerei-sommer.example" />');
    expect(mail.attachments[0]).toMatchObject({
      filename: 'streifen.png',
      contentType: 'image/png',
      contentId: 'streifen-01@baeckerei-sommer.example',
      kind: 'inline-image',
    });
    expect(mail.attachments[0]?.content.subarray(1, 4).toString()).toBe('PNG');
    expect(mail.text).toContain('Streifen am linken Rand (siehe Bild)');
  });

  it('holds back remote images and strips scripts from HTML', async () => {
    const mail = await parseMail(fixture('html-remote-image-and-script.eml'));
    expect(mail.remoteImages).toBe(2);
    expect(mail.html).toContain('data-remote-src="https://track.bueroplus.example/open.gif?id=4711"');
    expect(mail.html).not.toMatch(
      /<script|onload|onclick|<iframe|<form|style=|\ssrc="http|<title|javascript:/,
    );
  });

  it('derives the text from the HTML when there is no text part', async () => {
    const mail = await parseMail(fixture('html-only-in-mixed.eml'));
    expect(mail.text).toBe('Anbei die Seriennummern:\nSN 4471-A\nSN 4471-B');
    expect(mail.html).toContain('<li>SN 4471-A</li>');
  });

  it('keeps a calendar invitation as a calendar attachment', async () => {
    const mail = await parseMail(fixture('calendar-invite.eml'));
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ kind: 'calendar', contentType: 'text/calendar' });
    expect(mail.attachments[0]?.content.toString()).toContain('METHOD:REQUEST');
    expect(mail.text).not.toContain('BEGIN:VCALENDAR');
  });

  it('keeps winmail.dat as an undecoded TNEF attachment', async () => {
    const mail = await parseMail(fixture('winmail-dat.eml'));
    expect(mail.attachments[0]).toMatchObject({ filename: 'winmail.dat', kind: 'tnef' });
    expect(mail.attachments[0]?.content.subarray(0, 4)).toEqual(Buffer.from([0x78, 0x9f, 0x3e, 0x22]));
  });

  it('keeps a forwarded mail as one message attachment and out of the body text', async () => {
    const mail = await parseMail(fixture('forward-rfc822.eml'));
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]?.kind).toBe('message');
    expect(mail.attachments[0]?.content.toString()).toContain('Message-ID: <notify-99@paketblitz.example>');
    expect(mail.text).not.toContain('Filiale 26121-3');
  });

  it('keeps a large attachment byte for byte', async () => {
    const mail = await parseMail(fixture('large-attachment.eml'));
    expect(mail.attachments[0]?.size).toBe(110 * 1024);
    expect(mail.attachments[0]?.content).toHaveLength(110 * 1024);
  });

  it('folds the quoted history away from the reply', async () => {
    const mail = await parseMail(fixture('german-schrieb-quoted.eml'));
    expect(mail.replyText).toBe('Montag 14 Uhr passt für den Techniker.');
    expect(mail.quotedText).toContain('> der Toner ist heute an Sie rausgegangen.');
  });

  it('lists missing headers as problems instead of failing', async () => {
    const mail = await parseMail(raw('Subject: nur Betreff\n\nText'));
    expect(mail.problems).toEqual(['no Message-ID header', 'no From header', 'no Date header']);
    expect(mail).toMatchObject({
      messageId: null,
      from: null,
      date: null,
      subject: 'nur Betreff',
      text: 'Text',
    });
  });

  it('returns an empty subject and text for a mail that has neither', async () => {
    const mail = await parseMail(raw(`${HEAD}\n`));
    expect(mail).toMatchObject({ subject: '', text: '', replyText: '', quotedText: null, html: null });
    expect(mail.problems).toEqual([]);
  });

  it('does not invent a date for an unreadable Date header', async () => {
    const mail = await parseMail(fixture('unreadable-date.eml'));
    expect(mail.date).toBeNull();
    expect(mail.problems).toEqual(['unreadable Date header "gestern Nachmittag"']);
  });

  it('reports a boundary that is never closed and keeps what came before it', async () => {
    const mail = await parseMail(fixture('unclosed-boundary.eml'));
    expect(mail.problems).toEqual(['MIME boundary "cut-here" never closed']);
    expect(mail.text).toContain('Anbei ein Foto der Verpackung.');
    expect(mail.attachments[0]?.filename).toBe('verpackung.jpg');
  });

  it('reads 8-bit text without a charset as Windows-1252 and says so', async () => {
    const mail = await parseMail(fixture('8bit-without-charset.eml'));
    expect(mail.text).toBe('Es fehlen 3 Stück der Position 2.\nGrüße, Brandt\n');
    expect(mail.problems).toEqual(['8-bit text without a declared charset, read as Windows-1252']);
  });

  it('names an unknown charset and reads valid UTF-8 under it as UTF-8', async () => {
    const mail = await parseMail(
      raw(`${HEAD}Subject: x\nContent-Type: text/plain; charset=x-foo\n\nGrüße aus Köln\n`),
    );
    expect(mail.text).toBe('Grüße aus Köln\n');
    expect(mail.problems).toEqual(['unknown charset x-foo, read as UTF-8']);
  });

  it('reports invalid base64 but keeps the readable start of the body', async () => {
    const mail = await parseMail(fixture('invalid-base64.eml'));
    expect(mail.text).toContain('Bestellung 5520 bitte stornieren.');
    expect(mail.problems).toEqual(['invalid base64 in a text/plain part, undecodable characters skipped']);
  });

  it('reports repeated single headers and uses the first of each', async () => {
    const mail = await parseMail(fixture('duplicate-headers.eml'));
    expect(mail.subject).toBe('Erste Betreffzeile');
    expect(mail.from?.address).toBe('erster@kanzlei-weber.example');
    expect(mail.problems).toEqual([
      '2 from headers, the first one is used',
      '2 subject headers, the first one is used',
    ]);
  });

  it('exposes the headers noise detection needs', async () => {
    const mail = await parseMail(
      raw(`${HEAD}Subject: x
Return-Path: <>
Auto-Submitted: Auto-Replied; owner-email="buero@baeckerei-sommer.example"
Precedence: Bulk
List-Id: Partner Nord <partner-nord.lists.example>
List-Unsubscribe: <mailto:leave@lists.example>
X-Autorespond: Urlaub

Text`),
    );
    expect(mail).toMatchObject({
      returnPath: '',
      autoSubmitted: 'auto-replied',
      precedence: 'bulk',
      listId: 'partner-nord.lists.example',
      listUnsubscribe: '<mailto:leave@lists.example>',
      autoReplyHeaders: true,
    });
  });

  it('reads the Delivered-To headers in order', async () => {
    const mail = await parseMail(fixture('reply-token-delivered-to.eml'));
    expect(mail.deliveredTo).toHaveLength(2);
    expect(mail.deliveredTo[1]).toBe('service@printwerk.example');
  });

  it('attaches the bounce report of a delivery-status notification', async () => {
    const mail = await parseMail(fixture('dsn-postfix.eml'));
    expect(mail.bounce).toEqual({
      originalMessageId: 'reply-1@printwerk.example',
      failedRecipients: ['buero@baeckerei-sommer.example'],
      undeliverable: ['buero@baeckerei-sommer.example'],
      action: 'failed',
      status: '5.1.1',
      diagnostic: '550 5.1.1 <buero@baeckerei-sommer.example>: Recipient address rejected: User unknown',
    });
    expect(mail.text).not.toContain('Reporting-MTA');
  });

  it('accepts a mail that starts with an mbox "From " line', async () => {
    const mail = await parseMail(
      raw(`From buero@baeckerei-sommer.example Tue Mar  3 10:15:00 2026\n${HEAD}Subject: x\n\nText`),
    );
    expect(mail.subject).toBe('x');
  });

  it.each([
    ['an empty buffer', Buffer.alloc(0)],
    ['only blank lines', raw('\n\n\n')],
    ['binary data', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00])],
    ['text without any header', raw('Hallo Printwerk,\nbitte Toner schicken.\n')],
  ])('refuses %s as not a mail', async (_what, input) => {
    await expect(parseMail(input)).rejects.toBeInstanceOf(MailParseError);
  });
});
