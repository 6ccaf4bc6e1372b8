// What the case page's Diagnose panel shows: the checklists for the case, its runs, the latest
// classification, the third party a line fault goes to (with its escalation policy) and the
// technician appointments.
import type { FaultClassification } from '../../../shared/checklists';
import type { Deps } from '../../shared/deps';
import type { Scope } from '../../shared/scope';
import { resolveCaseForScope } from '../cases/service';
import { appointmentsOfCase } from './appointments';
import { replacementOfCase } from './replacement';
import { listRuns } from './runs';
import type { Triage } from './schemas';

export async function getTriage(deps: Deps, scope: Scope, caseRef: string): Promise<Triage> {
  const kase = await resolveCaseForScope(deps, scope, caseRef);
  // Checklists of the case's type; those for a product line the customer has in its installed
  // base first, then the general ones, then the rest (the case itself names no product line).
  const lines = new Set(
    (
      await deps.db
        .selectFrom('asset')
        .select('product_line')
        .where('customer_id', '=', kase.customer_id)
        .execute()
    ).map((a) => a.product_line),
  );
  const checklists = (
    await deps.db
      .selectFrom('checklist')
      .select(['id', 'name', 'product_line', 'third_party_id'])
      .where('case_type', '=', kase.type)
      .where('active', '=', 1)
      .orderBy('name')
      .execute()
  ).sort((a, b) => rank(a.product_line) - rank(b.product_line));
  function rank(line: string | null): number {
    return line === null ? 1 : lines.has(line) ? 0 : 2;
  }
  const runs = await listRuns(deps, scope, kase.id);
  const classified = runs.filter((r) => r.classification !== null);
  const classification: FaultClassification | null = classified.at(-1)?.classification ?? null;
  const runChecklist = runs.at(-1)?.checklist.id;
  const thirdPartyId =
    kase.third_party_id ??
    checklists.find((c) => c.id === runChecklist)?.third_party_id ??
    checklists.find((c) => c.third_party_id)?.third_party_id ??
    null;
  const thirdParty = thirdPartyId
    ? await deps.db
        .selectFrom('organisation')
        .select(['id', 'name', 'accepts_partner_escalation', 'phone', 'service_hours'])
        .where('id', '=', thirdPartyId)
        .executeTakeFirst()
    : undefined;
  return {
    checklists: checklists.map((c) => ({ id: c.id, name: c.name, productLine: c.product_line })),
    runs,
    classification,
    thirdParty: thirdParty
      ? {
          id: thirdParty.id,
          name: thirdParty.name,
          acceptsPartnerEscalation: thirdParty.accepts_partner_escalation === 1,
          phone: thirdParty.phone,
          serviceHours: thirdParty.service_hours,
        }
      : null,
    appointments: await appointmentsOfCase(deps.db, kase.id),
    replacement: await replacementOfCase(deps, scope, kase),
  };
}
