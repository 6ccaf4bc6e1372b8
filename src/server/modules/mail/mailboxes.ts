import { z } from 'zod';
import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import type { Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import { CASE_TYPES } from '../cases/case.table';
import type { MailboxRow } from './mail.table';

const ImapUrl = z
  .string()
  .trim()
  .regex(/^imaps?:\/\/[^/\s]+/, 'must look like imap://user:password@host:143 or imaps://…');

// Each rule says what it wants in the words the web app knows (web/channel/field-messages.ts).
const Folder = z.string().trim().min(1, 'must not be empty').max(200, 'must have at most 200 characters');
const Flag = z.boolean('must be true or false');

export const MailboxInput = z.object({
  address: z.email('must be an e-mail address').transform((v) => v.toLowerCase()),
  name: z
    .string('is required')
    .trim()
    .min(2, 'must have at least 2 characters')
    .max(100, 'must have at most 100 characters'),
  groupId: z.uuid('must be a group id').nullable().default(null),
  caseType: z.enum(CASE_TYPES, `must be one of ${CASE_TYPES.join(', ')}`).default('request'),
  language: z.enum(['de', 'en'], 'must be one of de, en').default('de'),
  smtpEnabled: Flag.default(true),
  imapUrl: ImapUrl.nullable().default(null),
  imapFolder: Folder.default('INBOX'),
  imapDoneFolder: Folder.default('Processed'),
  autoReply: Flag.default(true),
  active: Flag.default(true),
});
export type MailboxInput = z.infer<typeof MailboxInput>;

export const MailboxUpdate = MailboxInput.partial().extend({
  /** Omitted keeps the stored IMAP address; null removes it. */
  imapUrl: ImapUrl.nullable().optional(),
});

export const Mailbox = z.object({
  id: z.string(),
  address: z.string(),
  name: z.string(),
  groupId: z.string().nullable(),
  caseType: z.string(),
  language: z.enum(['de', 'en']),
  smtpEnabled: z.boolean(),
  /** The IMAP address without its password: the password never leaves the server. */
  imap: z.object({ url: z.string(), folder: z.string(), doneFolder: z.string() }).nullable(),
  autoReply: z.boolean(),
  active: z.boolean(),
});
export type Mailbox = z.infer<typeof Mailbox>;

/** imap://user:secret@host → imap://user:***@host, for the API and logs. */
export function redactImapUrl(url: string): string {
  return url.replace(/^(imaps?:\/\/[^:@/]*):[^@/]*@/, '$1:***@');
}

function toMailbox(row: MailboxRow): Mailbox {
  return {
    id: row.id,
    address: row.address,
    name: row.name,
    groupId: row.group_id,
    caseType: row.case_type,
    language: row.language,
    smtpEnabled: row.smtp_enabled === 1,
    imap: row.imap_url
      ? { url: redactImapUrl(row.imap_url), folder: row.imap_folder, doneFolder: row.imap_done_folder }
      : null,
    autoReply: row.auto_reply === 1,
    active: row.active === 1,
  };
}

export async function listMailboxes(deps: Deps): Promise<Mailbox[]> {
  const rows = await deps.db.selectFrom('mailbox').selectAll().orderBy('address').execute();
  return rows.map(toMailbox);
}

export async function createMailbox(deps: Deps, scope: Scope, input: MailboxInput): Promise<Mailbox> {
  const now = isoNow(deps.clock);
  const row: MailboxRow = {
    id: newId(),
    address: input.address,
    name: input.name,
    group_id: input.groupId,
    case_type: input.caseType,
    language: input.language,
    smtp_enabled: input.smtpEnabled ? 1 : 0,
    imap_url: input.imapUrl,
    imap_folder: input.imapFolder,
    imap_done_folder: input.imapDoneFolder,
    auto_reply: input.autoReply ? 1 : 0,
    active: input.active ? 1 : 0,
    created_at: now,
    updated_at: now,
  };
  await deps.db.transaction().execute(async (trx) => {
    const taken = await trx
      .selectFrom('mailbox')
      .select('id')
      .where('address', '=', row.address)
      .executeTakeFirst();
    if (taken)
      throw new AppError('conflict', 'address: a mailbox with this address exists', [
        { field: 'address', message: 'already exists' },
      ]);
    if (row.group_id) {
      const group = await trx
        .selectFrom('case_group')
        .select('id')
        .where('id', '=', row.group_id)
        .executeTakeFirst();
      if (!group) throw AppError.field('groupId', 'is not a known group');
    }
    await trx.insertInto('mailbox').values(row).execute();
    await recordAudit(trx, scope, deps.clock, {
      action: 'mailbox.created',
      entityType: 'mailbox',
      entityId: row.id,
      after: toMailbox(row),
    });
  });
  return toMailbox(row);
}

export async function updateMailbox(
  deps: Deps,
  scope: Scope,
  id: string,
  input: z.infer<typeof MailboxUpdate>,
): Promise<Mailbox> {
  return deps.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('mailbox').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw AppError.notFound('Mailbox');
    if (input.address !== undefined && input.address !== before.address) {
      const taken = await trx
        .selectFrom('mailbox')
        .select('id')
        .where('address', '=', input.address)
        .executeTakeFirst();
      if (taken)
        throw new AppError('conflict', 'address: a mailbox with this address exists', [
          { field: 'address', message: 'already exists' },
        ]);
    }
    if (input.groupId) {
      const group = await trx
        .selectFrom('case_group')
        .select('id')
        .where('id', '=', input.groupId)
        .executeTakeFirst();
      if (!group) throw AppError.field('groupId', 'is not a known group');
    }
    const set: Partial<MailboxRow> = { updated_at: isoNow(deps.clock) };
    if (input.address !== undefined) set.address = input.address;
    if (input.name !== undefined) set.name = input.name;
    if (input.groupId !== undefined) set.group_id = input.groupId;
    if (input.caseType !== undefined) set.case_type = input.caseType;
    if (input.language !== undefined) set.language = input.language;
    if (input.smtpEnabled !== undefined) set.smtp_enabled = input.smtpEnabled ? 1 : 0;
    if (input.imapUrl !== undefined) set.imap_url = input.imapUrl;
    if (input.imapFolder !== undefined) set.imap_folder = input.imapFolder;
    if (input.imapDoneFolder !== undefined) set.imap_done_folder = input.imapDoneFolder;
    if (input.autoReply !== undefined) set.auto_reply = input.autoReply ? 1 : 0;
    if (input.active !== undefined) set.active = input.active ? 1 : 0;
    const after = await trx
      .updateTable('mailbox')
      .set(set)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, scope, deps.clock, {
      action: 'mailbox.updated',
      entityType: 'mailbox',
      entityId: id,
      before: toMailbox(before),
      after: toMailbox(after),
    });
    return toMailbox(after);
  });
}
