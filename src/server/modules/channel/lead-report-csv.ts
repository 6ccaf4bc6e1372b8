// CSV of one section of the leads report, for German Excel: UTF-8 with BOM (so umlauts survive),
// semicolons between fields, CRLF between lines, decimal commas, money in euros with two decimals.
// Column names are stable English identifiers, so scripts may rely on them.

import type { ReportSection } from './lead-report';
import type { LeadReport } from './lead-report-service';

type Cell = string | number | null;

const BOM = '\uFEFF';

/** A number with a decimal comma; null stays empty. */
function decimal(value: number | null, places?: number): string {
  if (value === null) return '';
  return (places === undefined ? String(value) : value.toFixed(places)).replace('.', ',');
}

const euros = (cents: number) => decimal(cents / 100, 2);

function text(value: string | null): string {
  if (value === null) return '';
  // A cell starting with = + - @ is a formula to Excel; names come from users, so never run them.
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function field(cell: Cell): string {
  const value = cell === null ? '' : String(cell);
  return /[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function table(header: readonly string[], rows: readonly Cell[][]): string {
  return `${BOM}${[header, ...rows].map((row) => row.map(field).join(';')).join('\r\n')}\r\n`;
}

export function reportCsv(report: LeadReport, section: ReportSection): string {
  switch (section) {
    case 'byRoutingReason':
      return table(
        ['rule', 'code', 'count'],
        report.byRoutingReason.rows.map((r) => [r.rule, r.code, r.count]),
      );
    case 'outsideResellerOfRecord':
      return table(
        ['lead_number', 'created_at', 'status', 'rule', 'code', 'customer', 'reseller_of_record', 'partner'],
        report.outsideResellerOfRecord.rows.map((r) => [
          r.number,
          r.createdAt,
          r.status,
          r.rule,
          r.code,
          text(r.customer.name),
          text(r.resellerOfRecord.name),
          text(r.partner?.name ?? null),
        ]),
      );
    case 'directContacts':
      return table(
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
      return table(
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
          text(r.partner.name),
          r.offered,
          r.accepted,
          r.declined,
          r.timedOut,
          decimal(r.acceptanceRate),
          decimal(r.medianResponseHours),
          r.won,
          r.lost,
          decimal(r.conversionRate),
          euros(r.wonValueCents),
          r.openLeads,
          euros(r.pipelineExpectedValueCents),
          r.registrations,
          r.registrationsApproved,
          r.registrationsRejected,
          euros(r.approvedRegistrationValueCents),
        ]),
      );
    case 'renewalsDue':
      return table(
        ['month', 'assets', 'with_lead', 'without_lead'],
        report.renewalsDue.rows.map((r) => [r.month, r.assets, r.withLead, r.withoutLead]),
      );
  }
}

/** leads-report_partners_2025-12-07_2026-12-06.csv */
export function reportCsvFilename(report: LeadReport, section: ReportSection): string {
  return `leads-report_${section}_${report.period.from}_${report.period.to}.csv`;
}
