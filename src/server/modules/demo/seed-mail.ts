import type { Deps } from '../../shared/deps';
import { systemScope } from '../../shared/scope';
import { createMailbox } from '../mail/mailboxes';

export const DEMO_MAILBOX_ADDRESS = 'service@printwerk.example';

/**
 * The demo operator's service mailbox, taking mail by SMTP, so a local install files mail as soon as
 * MAIL_SMTP_PORT is set. It goes to the complaints group when the demo cases created it.
 */
export async function seedDemoMailbox(deps: Deps): Promise<void> {
  const group = await deps.db
    .selectFrom('case_group')
    .select('id')
    .where('name', '=', 'Reklamationen')
    .executeTakeFirst();
  await createMailbox(deps, systemScope('Demo-Daten'), {
    address: DEMO_MAILBOX_ADDRESS,
    name: 'Printwerk Service',
    groupId: group?.id ?? null,
    caseType: 'request',
    language: 'de',
    smtpEnabled: true,
    imapUrl: null,
    imapFolder: 'INBOX',
    imapDoneFolder: 'Processed',
    autoReply: true,
    active: true,
  });
}
