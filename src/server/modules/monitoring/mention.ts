import type { Db } from '../../db/database';
import { enqueueOutbox } from '../../jobs/outbox';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import { systemScope } from '../../shared/scope';
import { openCase } from '../cases/service';
import { insertNumberedOrganisation } from '../organisations/service';
import type { FeedEntry } from './feed-parse';
import { mentionAlertMail } from './mention-mail';
import type { FeedSourceRow } from './monitoring.table';
import { findSuggestions, storeSuggestions } from './suggestions';

// A matching feed entry becomes a `mention` case, once per source and entry: the entry's seen row
// is inserted in the case's own transaction, and its unique (source, entry key) makes a second
// poll of the same entry (another worker, a "poll now" click) roll its case back. The case lands
// with a placeholder customer, not with the customer the post may be about: the operator watches
// the web, and neither that customer nor its reseller should find our monitoring among their
// cases. The customer's own cases are suggested for linking instead.

export const MONITOR_SCOPE = systemScope('Feed-Überwachung');
export const MENTION_CUSTOMER_NAME = 'Öffentliche Erwähnungen';
/** Group names taken as the complaints group when a source names none. */
const COMPLAINTS_GROUP_NAMES = ['reklamationen', 'beschwerden', 'complaints'];
const EXCERPT_CHARS = 1000;

class AlreadyFiled extends Error {}

/** The customer that holds mention cases, created on first use. */
async function mentionCustomer(deps: Deps): Promise<string> {
  const find = (db: Db) =>
    db
      .selectFrom('organisation')
      .select('id')
      .where('kind', '=', 'customer')
      .where('name', '=', MENTION_CUSTOMER_NAME)
      .orderBy('created_at')
      .executeTakeFirst();
  const existing = await find(deps.db);
  if (existing) return existing.id;
  return deps.db.transaction().execute(async (trx) => {
    const again = await find(trx);
    if (again) return again.id;
    return insertNumberedOrganisation(trx, deps, MONITOR_SCOPE, {
      kind: 'customer',
      name: MENTION_CUSTOMER_NAME,
      country: 'DE',
      active: true,
    });
  });
}

/** The source's group, else the complaints group by its name; with its lead's address and language. */
async function alertGroup(db: Db, groupId: string | null) {
  const groups = await db
    .selectFrom('case_group')
    .leftJoin('person', (join) =>
      join.onRef('person.id', '=', 'case_group.lead_person_id').on('person.active', '=', 1),
    )
    .select([
      'case_group.id',
      'case_group.name',
      'person.email',
      'person.locale',
      'person.name as lead_name',
      'person.salutation',
    ])
    .orderBy('case_group.created_at')
    .execute();
  if (groupId) return groups.find((g) => g.id === groupId) ?? null;
  return groups.find((g) => COMPLAINTS_GROUP_NAMES.includes(g.name.trim().toLowerCase())) ?? null;
}

function excerptOf(entry: FeedEntry): string {
  const text = entry.text || entry.title;
  return text.length <= EXCERPT_CHARS ? text : `${text.slice(0, EXCERPT_CHARS).trimEnd()} …`;
}

function subjectOf(entry: FeedEntry, source: FeedSourceRow): string {
  const title = entry.title.replace(/\s+/g, ' ').trim();
  if (title.length < 3) return `Erwähnung in ${source.name}`.slice(0, 300);
  return title.length <= 300 ? title : `${title.slice(0, 298).trimEnd()} …`;
}

/** The operator's reading of a time: 05.12.2026, 10:15 (Berlin). */
const BERLIN_TIME = new Intl.DateTimeFormat('de-DE', {
  timeZone: 'Europe/Berlin',
  dateStyle: 'medium',
  timeStyle: 'short',
});

const fact = (key: string, label: string, value: string | null) =>
  value ? [{ key, label, value: value.length <= 500 ? value : `${value.slice(0, 498)} …` }] : [];

/**
 * Opens the mention case for a matching entry; null when the entry already has one (filed by an
 * earlier poll or by another worker at the same moment).
 */
export async function fileMention(
  deps: Deps,
  source: FeedSourceRow,
  entry: FeedEntry,
  terms: string[],
): Promise<string | null> {
  const seen = await deps.db
    .selectFrom('feed_entry_seen')
    .select('id')
    .where('source_id', '=', source.id)
    .where('entry_key', '=', entry.key)
    .executeTakeFirst();
  if (seen) return null;
  const customerId = await mentionCustomer(deps);
  const group = await alertGroup(deps.db, source.group_id);
  const suggestions = await findSuggestions(deps.db, {
    text: `${entry.title}\n${entry.text}\n${entry.author ?? ''}`,
    link: entry.link,
    prefix: deps.config.cases.numberPrefix,
    ignoreCustomerIds: [customerId],
  });
  const excerpt = excerptOf(entry);
  const description = [
    excerpt,
    '',
    `Gefunden in „${source.name}“ (Suchbegriffe: ${terms.join(', ')})`,
    entry.link ? `Link: ${entry.link}` : null,
    entry.author ? `Autor: ${entry.author}` : null,
    entry.publishedAt ? `Veröffentlicht: ${BERLIN_TIME.format(new Date(entry.publishedAt))}` : null,
  ]
    .filter((line) => line !== null)
    .join('\n');
  try {
    const opened = await openCase(
      deps,
      MONITOR_SCOPE,
      {
        type: 'mention',
        subject: subjectOf(entry, source),
        customerId,
        channel: 'feed',
        priority: 'normal',
        groupId: group?.id,
        tags: ['erwähnung'],
        description,
        facts: [
          ...fact('feed_source', 'Quelle', source.name),
          ...fact('feed_link', 'Link', entry.link),
          ...fact('feed_author', 'Autor', entry.author),
          ...fact(
            'feed_published_at',
            'Veröffentlicht',
            entry.publishedAt && BERLIN_TIME.format(new Date(entry.publishedAt)),
          ),
          ...fact('feed_terms', 'Suchbegriffe', terms.join(', ')),
        ],
      },
      {
        alsoInTransaction: async (trx, written) => {
          const now = isoNow(deps.clock);
          const inserted = await trx
            .insertInto('feed_entry_seen')
            .values({
              id: newId(),
              source_id: source.id,
              entry_key: entry.key,
              case_id: written.caseId,
              title: entry.title.slice(0, 300),
              link: entry.link,
              created_at: now,
            })
            .onConflict((oc) => oc.columns(['source_id', 'entry_key']).doNothing())
            .executeTakeFirst();
          // Another poll filed this entry meanwhile: undo this case.
          if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) throw new AlreadyFiled();
          await storeSuggestions(trx, written.caseId, suggestions, now);
          if (group?.email) {
            const numbers = suggestions.length
              ? (
                  await trx
                    .selectFrom('support_case')
                    .select('number')
                    .where(
                      'id',
                      'in',
                      suggestions.map((s) => s.case_id),
                    )
                    .execute()
                ).map((r) => r.number)
              : [];
            const mail = mentionAlertMail(group.locale === 'en' ? 'en' : 'de', {
              caseNumber: written.number,
              title: subjectOf(entry, source),
              sourceName: source.name,
              link: entry.link,
              author: entry.author,
              publishedAt: entry.publishedAt,
              terms,
              excerpt,
              suggestedNumbers: numbers,
              caseUrl: `${deps.config.publicUrl}/cases/${written.number}`,
              lead: { name: group.lead_name ?? '', salutation: group.salutation ?? null },
            });
            await enqueueOutbox(trx, deps.clock, {
              topic: 'mail.send',
              payload: { to: group.email, ...mail, locale: group.locale === 'en' ? 'en' : 'de' },
            });
          }
        },
      },
    );
    return opened.number;
  } catch (error) {
    if (error instanceof AlreadyFiled) return null;
    throw error;
  }
}
