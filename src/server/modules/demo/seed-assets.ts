import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import { currentResellerOfRecordRows } from '../cases/access';
import { setAssetResellerOfRecordRow } from '../organisations/repository';

const MODELS = [
  { model: 'Printwerk LX 500', line: 'printers', specs: { colour: 'yes', pagesPerMinute: '45' } },
  { model: 'Printwerk MF 300', line: 'multifunction', specs: { colour: 'yes', duplexScan: 'yes' } },
  { model: 'Libra 14', line: 'notebooks', specs: { ram: '16 GB', storage: '512 GB SSD' } },
  { model: 'NetBox 8', line: 'networking', specs: { ports: '8' } },
] as const;

const day = 24 * 60 * 60 * 1000;
const dateOf = (at: Date) => at.toISOString().slice(0, 10);

/**
 * A few dozen assets for the first demo customers, deterministic. Bäckerei Sommer's printer runs
 * out of warranty within 60 days (scenario S1's renewal lead); one asset of another customer has
 * its own reseller of record, a different active partner than its customer's: a conflict the
 * channel manager's worklist shows.
 */
export async function seedDemoAssets(deps: Deps): Promise<number> {
  const now = isoNow(deps.clock);
  const today = deps.clock.now();
  const customers = await deps.db
    .selectFrom('organisation')
    .leftJoin(currentResellerOfRecordRows('ror'), 'ror.customer_id', 'organisation.id')
    .select(['organisation.id', 'organisation.name', 'ror.partner_id'])
    .where('organisation.kind', '=', 'customer')
    .orderBy('organisation.number')
    .limit(16)
    .execute();
  const partners = await deps.db
    .selectFrom('organisation')
    .innerJoin('partner_profile', 'partner_profile.organisation_id', 'organisation.id')
    .select('organisation.id')
    .where('organisation.kind', '=', 'partner')
    .where('organisation.active', '=', 1)
    .where('partner_profile.suspended', '=', 0)
    .orderBy('organisation.number')
    .execute();
  let count = 0;
  let conflictDone = false;
  await deps.db.transaction().execute(async (trx) => {
    for (const [index, customer] of customers.entries()) {
      const s1 = customer.name === 'Bäckerei Sommer GmbH';
      const assets = s1 ? 3 : 1 + (index % 3);
      for (let n = 0; n < assets; n++) {
        const kind = MODELS[(index + n) % MODELS.length]!;
        const model = s1 && n === 0 ? MODELS[0] : kind;
        const purchased = new Date(today.getTime() - (400 + ((index * 97 + n * 41) % 700)) * day);
        // S1's printer: warranty ends in 45 days; the others anywhere from a year ago to two years ahead.
        const warrantyEnd =
          s1 && n === 0
            ? new Date(today.getTime() + 45 * day)
            : new Date(today.getTime() + (((index * 131 + n * 53) % 1095) - 365) * day);
        const id = newId();
        await trx
          .insertInto('asset')
          .values({
            id,
            serial: `PW-${String(20_000 + index * 10 + n)}`,
            product_model: model.model,
            product_line: model.line,
            customer_id: customer.id,
            purchase_date: dateOf(purchased),
            warranty_end: dateOf(warrantyEnd),
            specs: JSON.stringify(model.specs),
            created_at: now,
            updated_at: now,
          })
          .execute();
        count += 1;
        if (!conflictDone && !s1 && customer.partner_id && n === 0) {
          const other = partners.find((p) => p.id !== customer.partner_id);
          if (other) {
            await setAssetResellerOfRecordRow(trx, customer.id, id, other.id, now, {
              changedByPersonId: null,
              changedByLabel: 'system',
              reason: 'service contract with another partner',
            });
            conflictDone = true;
          }
        }
      }
    }
  });
  return count;
}
