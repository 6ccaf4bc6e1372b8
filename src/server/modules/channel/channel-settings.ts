import type { Db, Trx } from '../../db/database';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { requireRole, type Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import {
  type BusinessCalendar,
  DEFAULT_CALENDAR,
  nextBusinessOpening,
  utcToZonedParts,
  zonedTimeToUtc,
} from '../sla/business-calendar';
import type { ChannelSettingsRow } from './lead.table';
import type { ChannelSettings, UpdateChannelSettingsBody } from './lead-schemas';

// The channel manager's settings (one row, 'default', seeded by the migration) and the protection
// window they define.

export const SETTINGS_MANAGE_ROLES = ['operator_admin', 'channel_manager'] as const;

const DEFAULTS: Omit<ChannelSettingsRow, 'updated_at'> = {
  id: 'default',
  renewal_lead_days: 60,
  protection_days: 14,
  protection_business_days: 0,
  registration_protection_days: 90,
};

/** The settings row; the migration's defaults if someone deleted it. */
export async function readChannelSettings(db: Db | Trx): Promise<ChannelSettingsRow> {
  const row = await db
    .selectFrom('channel_settings')
    .selectAll()
    .where('id', '=', 'default')
    .executeTakeFirst();
  return row ?? { ...DEFAULTS, updated_at: new Date(0).toISOString() };
}

const toSettings = (row: ChannelSettingsRow): ChannelSettings => ({
  renewalLeadDays: row.renewal_lead_days,
  protectionDays: row.protection_days,
  protectionBusinessDays: row.protection_business_days === 1,
  registrationProtectionDays: row.registration_protection_days,
  updatedAt: row.updated_at,
});

export async function getChannelSettings(deps: Pick<Deps, 'db'>, _scope: Scope): Promise<ChannelSettings> {
  return toSettings(await readChannelSettings(deps.db));
}

/** Changes the settings (audited); fields left out keep their value. */
export async function updateChannelSettings(
  deps: Pick<Deps, 'db' | 'clock'>,
  scope: Scope,
  input: UpdateChannelSettingsBody,
): Promise<ChannelSettings> {
  requireRole(scope, SETTINGS_MANAGE_ROLES);
  return deps.db.transaction().execute(async (trx) => {
    const before = await readChannelSettings(trx);
    const after: ChannelSettingsRow = {
      id: 'default',
      renewal_lead_days: input.renewalLeadDays ?? before.renewal_lead_days,
      protection_days: input.protectionDays ?? before.protection_days,
      protection_business_days:
        input.protectionBusinessDays === undefined
          ? before.protection_business_days
          : input.protectionBusinessDays
            ? 1
            : 0,
      registration_protection_days: input.registrationProtectionDays ?? before.registration_protection_days,
      updated_at: isoNow(deps.clock),
    };
    const { id: _id, ...update } = after;
    await trx
      .insertInto('channel_settings')
      .values(after)
      .onConflict((oc) => oc.column('id').doUpdateSet(update))
      .execute();
    await recordAudit(trx, scope, deps.clock, {
      action: 'channel_settings.updated',
      entityType: 'channel_settings',
      entityId: 'default',
      before,
      after,
    });
    return toSettings(after);
  });
}

const DAY_MS = 86_400_000;

function addDaysToDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whether a local date has business hours on the calendar (not a weekend, holiday or closed date). */
function isBusinessDay(calendar: BusinessCalendar, date: string): boolean {
  const opening = nextBusinessOpening(calendar, zonedTimeToUtc(date, '00:00', calendar.timeZone));
  return utcToZonedParts(opening, calendar.timeZone).date === date;
}

/**
 * The end of a partner's protection window from `from`: `days` calendar days later, or with
 * business days the same local time on the `days`-th business day after today on the business
 * calendar (German public holidays, weekends closed).
 */
export function protectionEnd(
  from: Date,
  settings: Pick<ChannelSettingsRow, 'protection_days' | 'protection_business_days'>,
  calendar: BusinessCalendar = DEFAULT_CALENDAR,
): Date {
  const days = settings.protection_days;
  if (settings.protection_business_days !== 1) return new Date(from.getTime() + days * DAY_MS);
  const local = utcToZonedParts(from, calendar.timeZone);
  let date = local.date;
  for (let counted = 0; counted < days; ) {
    date = addDaysToDate(date, 1);
    if (isBusinessDay(calendar, date)) counted += 1;
  }
  return zonedTimeToUtc(date, local.time, calendar.timeZone);
}
