// The bell (a person's notices: list, unread count, mark read) and the mail preferences. Every
// function works on the caller's own rows only; a notice was checked against the visibility rule
// when it was written, and the list shows only cases the caller still sees (caseVisibleTo).

import {
  NOTIFICATION_KINDS,
  type NotificationKind,
  OPTIONAL_NOTIFICATION_KINDS,
  type OptionalNotificationKind,
} from '../../../shared/notifications';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import type { UserScope } from '../../shared/scope';
import { caseVisibleTo } from '../cases/access';

const LIST_LIMIT = 50;

export type NotificationItem = {
  id: string;
  kind: NotificationKind;
  caseId: string;
  caseNumber: string;
  caseSubject: string;
  data: Record<string, unknown>;
  createdAt: string;
  read: boolean;
};

/** The caller's latest notices (newest first, at most 50) and how many are unread. */
export async function listNotifications(
  deps: Deps,
  scope: UserScope,
): Promise<{ items: NotificationItem[]; unread: number }> {
  const visible = () =>
    deps.db
      .selectFrom('notification')
      .innerJoin('support_case', 'support_case.id', 'notification.case_id')
      .where('notification.person_id', '=', scope.personId)
      // A partner that lost the customer no longer sees its cases, nor notices about them.
      .where(caseVisibleTo(scope));
  const rows = await visible()
    .select([
      'notification.id',
      'notification.kind',
      'notification.case_id',
      'notification.data',
      'notification.created_at',
      'notification.read_at',
      'support_case.number',
      'support_case.subject',
    ])
    .orderBy('notification.created_at', 'desc')
    .orderBy('notification.id', 'desc')
    .limit(LIST_LIMIT)
    .execute();
  const unread = await visible()
    .select((eb) => eb.fn.countAll().as('count'))
    .where('notification.read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return {
    items: rows
      .filter((row) => (NOTIFICATION_KINDS as readonly string[]).includes(row.kind))
      .map((row) => ({
        id: row.id,
        kind: row.kind,
        caseId: row.case_id,
        caseNumber: row.number,
        caseSubject: row.subject,
        data: JSON.parse(row.data) as Record<string, unknown>,
        createdAt: row.created_at,
        read: row.read_at !== null,
      })),
    unread: Number(unread.count),
  };
}

/** Marks the given notices (or, without ids, all) of the caller as read; returns how many changed. */
export async function markNotificationsRead(
  deps: Deps,
  scope: UserScope,
  ids: string[] | undefined,
): Promise<{ marked: number }> {
  let query = deps.db
    .updateTable('notification')
    .set({ read_at: isoNow(deps.clock) })
    .where('person_id', '=', scope.personId)
    .where('read_at', 'is', null);
  if (ids) {
    if (ids.length === 0) return { marked: 0 };
    query = query.where('id', 'in', ids);
  }
  const result = await query.executeTakeFirst();
  return { marked: Number(result.numUpdatedRows) };
}

export type NotificationPreferences = { mail: Record<OptionalNotificationKind, boolean> };

/** Which optional notices the caller gets by mail (all, unless turned off). */
export async function getNotificationPreferences(
  deps: Deps,
  scope: UserScope,
): Promise<NotificationPreferences> {
  const rows = await deps.db
    .selectFrom('notification_preference')
    .select(['kind', 'mail'])
    .where('person_id', '=', scope.personId)
    .execute();
  const off = new Set(rows.filter((row) => row.mail === 0).map((row) => row.kind));
  return {
    mail: Object.fromEntries(OPTIONAL_NOTIFICATION_KINDS.map((kind) => [kind, !off.has(kind)])) as Record<
      OptionalNotificationKind,
      boolean
    >,
  };
}

/** Sets the caller's mail choices for optional notices; kinds not named keep their setting. */
export async function setNotificationPreferences(
  deps: Deps,
  scope: UserScope,
  mail: Partial<Record<OptionalNotificationKind, boolean>>,
): Promise<NotificationPreferences> {
  const now = isoNow(deps.clock);
  await deps.db.transaction().execute(async (trx) => {
    for (const kind of OPTIONAL_NOTIFICATION_KINDS) {
      const wanted = mail[kind];
      if (wanted === undefined) continue;
      await trx
        .insertInto('notification_preference')
        .values({ person_id: scope.personId, kind, mail: wanted ? 1 : 0, updated_at: now })
        .onConflict((oc) =>
          oc.columns(['person_id', 'kind']).doUpdateSet({ mail: wanted ? 1 : 0, updated_at: now }),
        )
        .execute();
    }
  });
  return getNotificationPreferences(deps, scope);
}
