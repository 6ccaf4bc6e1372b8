// Assembles the leads report from the queries in lead-report-repository.ts and the pure pieces in
// lead-report.ts. Operator only (admin, channel manager): the report spans every partner.

import type { Deps } from '../../shared/deps';
import { requireRole, type Scope } from '../../shared/scope';
import {
  buildDirectContactRows,
  buildPartnerRows,
  buildRenewalRows,
  type DirectContactKindRow,
  monthsAhead,
  monthsAheadBounds,
  type PartnerReportRow,
  periodBounds,
  type RenewalMonthRow,
  type ReportPeriod,
  type RoutingReasonRow,
  rate,
  sortRoutingReasons,
} from './lead-report';
import {
  countPartnerOutcomes,
  countPartnerPipeline,
  countPartnerRegistrations,
  countPartnerSteps,
  findPartnerNames,
  listPartnerResponses,
} from './lead-report-partner-queries';
import {
  countDirectContacts,
  countLeadsByRoutingReason,
  countOutsideResellerOfRecord,
  countRenewalsDue,
  type DirectContactListRow,
  listDirectContactsWithoutPartner,
  listOutsideResellerOfRecord,
  type OutsideLeadRow,
} from './lead-report-repository';

export const REPORT_ROLES = ['operator_admin', 'channel_manager'] as const;
const RENEWAL_MONTHS = 12;

export type LeadReport = {
  period: ReportPeriod;
  byRoutingReason: { total: number; rows: RoutingReasonRow[] };
  outsideResellerOfRecord: {
    /** Leads of the period whose customer (or asset) had a reseller of record when the lead was made. */
    leadsWithRecord: number;
    total: number;
    toOtherPartner: number;
    /** Queue or worklist: no partner holds the lead. */
    toNoPartner: number;
    /** total / leadsWithRecord */
    share: number | null;
    rows: OutsideLeadRow[];
  };
  directContacts: {
    total: number;
    withoutPartner: number;
    byKind: DirectContactKindRow[];
    rows: DirectContactListRow[];
  };
  partners: { rows: PartnerReportRow[] };
  renewalsDue: { rows: RenewalMonthRow[] };
};

export async function getLeadReport(
  deps: Pick<Deps, 'db' | 'dialect' | 'clock'>,
  scope: Scope,
  period: ReportPeriod,
  rowLimit: number,
): Promise<LeadReport> {
  requireRole(scope, REPORT_ROLES);
  const { db, dialect } = deps;
  const now = deps.clock.now();
  const bounds = periodBounds(period);
  const [
    reasons,
    outsideCounts,
    outsideRows,
    contactCounts,
    contactRows,
    steps,
    responses,
    outcomes,
    pipeline,
    registrations,
    renewals,
  ] = await Promise.all([
    countLeadsByRoutingReason(db, dialect, bounds),
    countOutsideResellerOfRecord(db, bounds),
    listOutsideResellerOfRecord(db, dialect, bounds, rowLimit),
    countDirectContacts(db, bounds),
    listDirectContactsWithoutPartner(db, bounds, rowLimit),
    countPartnerSteps(db, bounds),
    listPartnerResponses(db, bounds),
    countPartnerOutcomes(db, bounds),
    countPartnerPipeline(db),
    countPartnerRegistrations(db, bounds),
    countRenewalsDue(db, monthsAheadBounds(now, RENEWAL_MONTHS)),
  ]);
  const partnerIds = new Set(
    [...steps, ...responses, ...outcomes, ...pipeline, ...registrations].map((r) => r.partnerId),
  );
  const names = await findPartnerNames(db, [...partnerIds]);
  const byKind = buildDirectContactRows(contactCounts);
  const outsideTotal = outsideCounts.toOtherPartner + outsideCounts.toNoPartner;
  return {
    period,
    byRoutingReason: {
      total: reasons.reduce((sum, r) => sum + r.count, 0),
      rows: sortRoutingReasons(reasons),
    },
    outsideResellerOfRecord: {
      leadsWithRecord: outsideCounts.leadsWithRecord,
      total: outsideTotal,
      toOtherPartner: outsideCounts.toOtherPartner,
      toNoPartner: outsideCounts.toNoPartner,
      share: rate(outsideTotal, outsideCounts.leadsWithRecord),
      rows: outsideRows,
    },
    directContacts: {
      total: byKind.reduce((sum, r) => sum + r.total, 0),
      withoutPartner: byKind.reduce((sum, r) => sum + r.withoutPartner, 0),
      byKind,
      rows: contactRows,
    },
    partners: { rows: buildPartnerRows({ steps, responses, outcomes, pipeline, registrations, names }) },
    renewalsDue: {
      rows: buildRenewalRows(monthsAhead(now, RENEWAL_MONTHS), renewals),
    },
  };
}
