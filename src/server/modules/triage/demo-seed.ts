// Demo data of scenario S3 (fault via the reseller): the checklist "Störung Internetanschluss" for
// faults of networking products, and two carriers: Fernmeldenetz Nord accepts escalations from
// resellers, Glasfaser West wants the customer to call (number and hours on its profile). Bäckerei
// Sommer gets two routers, one in warranty and one out of it, for the replacement after a device fault.
import { isoNow } from '../../shared/clock';
import { nextCounterValue } from '../../shared/counter';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import { type Scope, systemScope } from '../../shared/scope';
import { insertAsset } from '../channel/assets';
import { insertOrganisation } from '../organisations/repository';
import { updateOrganisation } from '../organisations/service';
import { createChecklist } from './checklists';
import { INTERNET_FAULT_CHECKLIST } from './internet-fault-checklist';

export const DEMO_CHECKLIST_NAME = 'Störung Internetanschluss';

/** Bäckerei Sommer's routers: the shop's new one in warranty, the branch's old one out of it. */
export const DEMO_ROUTERS = { inWarranty: 'PW-NB-41001', outOfWarranty: 'PW-NB-30907' } as const;

const DAY = 24 * 60 * 60 * 1000;

/** The device faults of S3 end in a replacement: a return for the router in warranty, a new-device lead for the old one. */
async function seedDemoRouters(deps: Deps, scope: Scope): Promise<void> {
  const sommer = await deps.db
    .selectFrom('organisation')
    .select('id')
    .where('kind', '=', 'customer')
    .where('name', '=', 'Bäckerei Sommer GmbH')
    .executeTakeFirst();
  if (!sommer) return;
  const today = deps.clock.now().getTime();
  const day = (offset: number) => new Date(today + offset * DAY).toISOString().slice(0, 10);
  await deps.db.transaction().execute(async (trx) => {
    await insertAsset(trx, deps, scope, {
      serial: DEMO_ROUTERS.inWarranty,
      productModel: 'NetBox 8',
      productLine: 'networking',
      customerId: sommer.id,
      purchaseDate: day(-200),
      warrantyEnd: day(530),
      specs: { ports: '8' },
    });
    await insertAsset(trx, deps, scope, {
      serial: DEMO_ROUTERS.outOfWarranty,
      productModel: 'NetBox 5',
      productLine: 'networking',
      customerId: sommer.id,
      purchaseDate: day(-1200),
      warrantyEnd: day(-470),
      specs: { ports: '5' },
    });
  });
}

export async function seedDemoTriage(deps: Deps): Promise<void> {
  const now = isoNow(deps.clock);
  const scope = systemScope('demo seed');
  const accepting = await deps.db
    .selectFrom('organisation')
    .select('id')
    .where('kind', '=', 'third_party')
    .where('name', '=', 'Fernmeldenetz Nord GmbH')
    .executeTakeFirst();
  if (accepting)
    await updateOrganisation(deps, scope, accepting.id, {
      acceptsPartnerEscalation: true,
      phone: '0800 336 7000',
      serviceHours: 'rund um die Uhr',
    });
  const sequence = await nextCounterValue(deps.db, 'organisation.third_party');
  await insertOrganisation(deps.db, {
    id: newId(),
    number: `D-${sequence}`,
    kind: 'third_party',
    name: 'Glasfaser West AG',
    street: 'Lichtweg 4',
    postal_code: '26135',
    city: 'Oldenburg',
    country: 'DE',
    vat_id: null,
    tax_number: null,
    email: 'noc@glasfaser-west.example',
    phone: '0800 444 5500',
    active: 1,
    ticket_reference_pattern: 'GW-\\d{5}',
    accepts_partner_escalation: 0,
    service_hours: 'Mo–Fr 8–18 Uhr',
    created_at: now,
    updated_at: now,
  });
  await createChecklist(deps, scope, {
    name: DEMO_CHECKLIST_NAME,
    caseType: 'fault',
    productLine: 'networking',
    thirdPartyId: accepting?.id ?? null,
    active: true,
    definition: INTERNET_FAULT_CHECKLIST,
  });
  await seedDemoRouters(deps, scope);
}
