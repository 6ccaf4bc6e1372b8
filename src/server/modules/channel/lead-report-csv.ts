// CSV of one section of the leads report, for German Excel: UTF-8 with BOM (so umlauts survive),
// semicolons between fields, CRLF between lines, decimal commas, money in euros with two decimals.
// Column names are stable English identifiers, so scripts may rely on them.

import { csvDecimal, csvEuros, csvTable, csvText } from '../../shared/report-csv';
import type { ReportSection } from './lead-report';
import type { LeadReport } from './lead-report-service';

export function reportCsv(report: LeadReport, section: ReportSection): string {
  switch (section) {
    case 'byRoutingReason':
      return csvTable(
        ['rule', 'code', 'count'],
        report.byRoutingReason.rows.map((r) => [r.rule, r.code, r.count]),
      );
    case 'outsideResellerOfRecord':
      return csvTable(
        ['lead_number', 'created_at', 'status', 'rule', 'code', 'customer', 'reseller_of_record', 'partner'],
        report.outsideResellerOfRecord.rows.map((r) => [
          r.number,
          r.createdAt,
          r.status,
          r.rule,
          r.code,
          csvText(r.customer.name),
          csvText(r.resellerOfRecord.name),
          csvText(r.partner?.name ?? null),
        ]),
      );
    case 'directContacts':
      return csvTable(
        ['kind', 'total', 'unprotected', 'cleared', 'without_clearance', 'without_partner'],
        report.directContacts.byKind.map((r) => [
          r.kind,
          r.total,
          r.unprotected,
          r.cleared,
          r.withoutClearance,
          r.withoutPartner,
        ]),
      );
    case 'partners':
      return csvTable(
        [
          'partner_number',
          'partner',
          'offered',
          'accepted',
          'declined',
          'timed_out',
          'acceptance_rate',
          'median_response_hours',
          'won',
          'lost',
          'conversion_rate',
          'won_value_eur',
          'open_leads',
          'pipeline_expected_value_eur',
          'registrations',
          'registrations_approved',
          'registrations_rejected',
          'approved_registration_value_eur',
        ],
        report.partners.rows.map((r) => [
          r.partner.number,
          csvText(r.partner.name),
          r.offered,
          r.accepted,
          r.declined,
          r.timedOut,
          csvDecimal(r.acceptanceRate),
          csvDecimal(r.medianResponseHours),
          r.won,
          r.lost,
          csvDecimal(r.conversionRate),
          csvEuros(r.wonValueCents),
          r.openLeads,
          csvEuros(r.pipelineExpectedValueCents),
          r.registrations,
          r.registrationsApproved,
          r.registrationsRejected,
          csvEuros(r.approvedRegistrationValueCents),
        ]),
      );
    case 'renewalsDue':
      return csvTable(
        ['month', 'assets', 'with_lead', 'without_lead'],
        report.renewalsDue.rows.map((r) => [r.month, r.assets, r.withLead, r.withoutLead]),
      );
  }
}

/** leads-report_partners_2025-12-07_2026-12-06.csv */
export function reportCsvFilename(report: LeadReport, section: ReportSection): string {
  return `leads-report_${section}_${report.period.from}_${report.period.to}.csv`;
}
