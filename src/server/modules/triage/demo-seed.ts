// Demo data of scenario S3 (fault via the reseller): the checklist "Störung Internetanschluss" for
// faults of networking products, and two carriers: Fernmeldenetz Nord accepts escalations from
// resellers, Glasfaser West wants the customer to call (number and hours on its profile).
import { isoNow } from '../../shared/clock';
import { nextCounterValue } from '../../shared/counter';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import { systemScope } from '../../shared/scope';
import { insertOrganisation } from '../organisations/repository';
import { updateOrganisation } from '../organisations/service';
import { createChecklist } from './checklists';
import { INTERNET_FAULT_CHECKLIST } from './internet-fault-checklist';

export const DEMO_CHECKLIST_NAME = 'Störung Internetanschluss';

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
}
