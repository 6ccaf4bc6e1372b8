import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { isOperator, requireRole, type Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import { loadPostalCodes, type PostalCodeIndex, type PostalCodeLocation } from '../geo/postal-codes';
import type { Organisation } from '../organisations/schemas';
import { getOrganisation, updateOrganisation } from '../organisations/service';
import { findPersonByIdUnscoped } from '../users/repository';
import type { PartnerGradeRow, PartnerProfileRow, PartnerStatus } from './partner-profile.table';
import {
  findAssetResellerFacts,
  findCustomerResellerFacts,
  findPartnerGrades,
  findPartnerLocationFacts,
  findPartnerProfile,
  findQueuedLeadFacts,
  upsertPartnerProfile,
} from './repository';
import type {
  PartnerGrade,
  PartnerProfile,
  UpdatePartnerProfileBody,
  Worklist,
  WorklistQuery,
} from './schemas';
import { assetItems, countByKind, customerItems, leadItems, partnerItems, sortWorklist } from './worklist';

export type ChannelDeps = Pick<Deps, 'db' | 'dialect' | 'clock'>;

export { listLeads } from './leads';

const MANAGE_ROLES = ['operator_admin', 'channel_manager'] as const;

let postalCodes: PostalCodeIndex | undefined;

/**
 * Coordinates of a German postal code; an unknown one falls back to its area's mean point
 * (approximate), an invalid or foreign one has none.
 */
export function locatePostalCode(country: string, postalCode: string | null): PostalCodeLocation | null {
  if (country !== 'DE' || !postalCode) return null;
  postalCodes ??= loadPostalCodes();
  return postalCodes.lookup(postalCode) ?? null;
}

/** Active and inactive are the organisation's flag; suspended is the profile's, and needs an active organisation. */
export function partnerStatus(
  active: boolean,
  profile: Pick<PartnerProfileRow, 'suspended'> | undefined,
): PartnerStatus {
  if (!active) return 'inactive';
  return profile?.suspended === 1 ? 'suspended' : 'active';
}

const toGrade = (row: PartnerGradeRow): PartnerGrade => ({
  code: row.code,
  nameDe: row.name_de,
  nameEn: row.name_en,
  weight: row.weight,
});

function toProfile(
  organisation: Organisation,
  row: PartnerProfileRow | undefined,
  grades: PartnerGradeRow[],
): PartnerProfile {
  const grade = grades.find((g) => g.code === row?.grade_code);
  return {
    organisationId: organisation.id,
    status: partnerStatus(organisation.active, row),
    grade: grade ? toGrade(grade) : null,
    capacity: row?.capacity ?? null,
    serviceRadiusKm: row?.service_radius_km ?? null,
    productLines: row ? (JSON.parse(row.product_lines) as string[]) : [],
    leadContactIds: row ? (JSON.parse(row.lead_contact_ids) as string[]) : [],
    location:
      row && row.latitude !== null && row.longitude !== null
        ? { latitude: row.latitude, longitude: row.longitude, approximate: row.location_approximate === 1 }
        : null,
    updatedAt: row?.updated_at ?? null,
  };
}

async function requirePartner(
  deps: ChannelDeps,
  scope: Scope,
  organisationId: string,
): Promise<Organisation> {
  // The operator reads every profile, a partner only its own; anyone else learns nothing.
  if (!isOperator(scope) && scope.kind === 'user' && scope.organisationId !== organisationId) {
    throw AppError.notFound('Partner profile');
  }
  const organisation = await getOrganisation(deps, scope, organisationId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') throw AppError.notFound('Partner profile');
    throw error;
  });
  if (organisation.kind !== 'partner') throw AppError.notFound('Partner profile');
  return organisation;
}

/** A partner's profile (defaults until one is saved). Operator and the partner itself; others not_found. */
export async function getPartnerProfile(
  deps: ChannelDeps,
  scope: Scope,
  organisationId: string,
): Promise<PartnerProfile> {
  const organisation = await requirePartner(deps, scope, organisationId);
  const [row, grades] = await Promise.all([
    findPartnerProfile(deps.db, organisationId),
    findPartnerGrades(deps.db),
  ]);
  return toProfile(organisation, row, grades);
}

/**
 * Changes a partner's profile (audited) and locates it again from its postal code. A status of
 * inactive or active sets the organisation's `active` through the organisations service (which
 * shuts its people out or lets them in again); suspended keeps the organisation active.
 */
export async function updatePartnerProfile(
  deps: ChannelDeps,
  scope: Scope,
  organisationId: string,
  input: UpdatePartnerProfileBody,
): Promise<PartnerProfile> {
  requireRole(scope, MANAGE_ROLES);
  const organisation = await requirePartner(deps, scope, organisationId);
  const grades = await findPartnerGrades(deps.db);
  if (input.gradeCode && !grades.some((g) => g.code === input.gradeCode)) {
    throw AppError.field('gradeCode', `is not a known grade (${grades.map((g) => g.code).join(', ')})`);
  }
  for (const personId of input.leadContactIds ?? []) {
    const person = await findPersonByIdUnscoped(deps.db, personId);
    if (person?.organisation_id !== organisationId) {
      throw AppError.field('leadContactIds', 'must be people of this partner');
    }
  }
  const before = await findPartnerProfile(deps.db, organisationId);
  const active = input.status === undefined ? organisation.active : input.status !== 'inactive';
  if (active !== organisation.active) {
    await updateOrganisation(deps, scope, organisationId, { active });
  }
  const suspended =
    input.status === undefined ? (before?.suspended ?? 0) : input.status === 'suspended' ? 1 : 0;
  const location = locatePostalCode(organisation.country, organisation.postalCode);
  await deps.db.transaction().execute(async (trx) => {
    const after = await upsertPartnerProfile(trx, {
      organisation_id: organisationId,
      suspended,
      grade_code: input.gradeCode === undefined ? (before?.grade_code ?? null) : input.gradeCode,
      capacity: input.capacity === undefined ? (before?.capacity ?? null) : input.capacity,
      service_radius_km:
        input.serviceRadiusKm === undefined ? (before?.service_radius_km ?? null) : input.serviceRadiusKm,
      product_lines:
        input.productLines === undefined
          ? (before?.product_lines ?? '[]')
          : JSON.stringify(input.productLines),
      lead_contact_ids:
        input.leadContactIds === undefined
          ? (before?.lead_contact_ids ?? '[]')
          : JSON.stringify(input.leadContactIds),
      latitude: location?.latitude ?? null,
      longitude: location?.longitude ?? null,
      location_approximate: location ? (location.approximate ? 1 : 0) : null,
      location_postal_code: organisation.postalCode,
      updated_at: isoNow(deps.clock),
    });
    await recordAudit(trx, scope, deps.clock, {
      action: 'partner_profile.updated',
      entityType: 'organisation',
      entityId: organisationId,
      before: before ?? null,
      after,
    });
  });
  return getPartnerProfile(deps, scope, organisationId);
}

/**
 * The channel manager's data-quality worklist: the whole list is judged (a few hundred rows),
 * counted per kind, then one page of it (optionally one kind) is returned.
 */
export async function getWorklist(deps: ChannelDeps, scope: Scope, query: WorklistQuery): Promise<Worklist> {
  requireRole(scope, MANAGE_ROLES);
  const [customers, partners, assets, leads] = await Promise.all([
    findCustomerResellerFacts(deps.db),
    findPartnerLocationFacts(deps.db),
    findAssetResellerFacts(deps.db),
    findQueuedLeadFacts(deps.db),
  ]);
  const all = sortWorklist([
    ...customerItems(customers),
    ...partnerItems(partners),
    ...assetItems(assets),
    ...leadItems(leads),
  ]);
  const selected = query.kind ? all.filter((item) => item.kind === query.kind) : all;
  return {
    items: selected.slice(query.offset, query.offset + query.limit),
    counts: countByKind(all),
    total: selected.length,
    limit: query.limit,
    offset: query.offset,
  };
}
