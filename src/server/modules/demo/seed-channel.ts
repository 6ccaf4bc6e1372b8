import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { upsertPartnerProfile } from '../channel/repository';
import { locatePostalCode } from '../channel/service';

const GRADES = ['gold', 'silver', 'silver', 'bronze', 'bronze'] as const;
const PRODUCT_LINES = ['printers', 'multifunction', 'notebooks', 'networking', 'service_contracts'] as const;
// Every 11th partner is suspended, every 13th (from the 7th) was never located: the channel
// manager's worklist has something to show besides the inactive partners of the demo data.
const isSuspended = (index: number) => index % 11 === 4;
const isUnlocated = (index: number) => index % 13 === 7;

/**
 * Gives every demo partner a profile: a grade, capacity and service radius, two to four product
 * lines, its first person as lead contact and its coordinates. Deterministic, like the rest.
 */
export async function seedDemoPartnerProfiles(deps: Deps): Promise<void> {
  const now = isoNow(deps.clock);
  const partners = await deps.db
    .selectFrom('organisation')
    .select(['id', 'number', 'country', 'postal_code'])
    .where('kind', '=', 'partner')
    .orderBy('number')
    .execute();
  await deps.db.transaction().execute(async (trx) => {
    for (const [index, partner] of partners.entries()) {
      const contact = await trx
        .selectFrom('person')
        .select('id')
        .where('organisation_id', '=', partner.id)
        .orderBy('name')
        .executeTakeFirst();
      const location = isUnlocated(index) ? null : locatePostalCode(partner.country, partner.postal_code);
      const lines = PRODUCT_LINES.filter((_, line) => (index + line) % 3 !== 0).slice(0, 2 + (index % 3));
      await upsertPartnerProfile(trx, {
        organisation_id: partner.id,
        suspended: isSuspended(index) ? 1 : 0,
        grade_code: GRADES[index % GRADES.length]!,
        capacity: index % 4 === 0 ? null : 5 + (index % 10),
        service_radius_km: 40 + (index % 5) * 20,
        product_lines: JSON.stringify(lines),
        lead_contact_ids: JSON.stringify(contact ? [contact.id] : []),
        latitude: location?.latitude ?? null,
        longitude: location?.longitude ?? null,
        location_approximate: location ? (location.approximate ? 1 : 0) : null,
        location_postal_code: isUnlocated(index) ? null : partner.postal_code,
        updated_at: now,
      });
    }
  });
}
