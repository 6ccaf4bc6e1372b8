// The shape of GET /api/reports/leads (see src/server/modules/channel/report-routes.ts).

export const REPORT_SECTIONS = [
  'byRoutingReason',
  'outsideResellerOfRecord',
  'directContacts',
  'partners',
  'renewalsDue',
] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

type Ref = { id: string; name: string };

export type PartnerReportRow = {
  partner: { id: string; number: string; name: string };
  offered: number;
  accepted: number;
  declined: number;
  timedOut: number;
  acceptanceRate: number | null;
  medianResponseHours: number | null;
  won: number;
  lost: number;
  conversionRate: number | null;
  wonValueCents: number;
  openLeads: number;
  pipelineExpectedValueCents: number;
  registrations: number;
  registrationsApproved: number;
  registrationsRejected: number;
  approvedRegistrationValueCents: number;
};

export type LeadReport = {
  period: { from: string; to: string };
  byRoutingReason: { total: number; rows: { rule: string; code: string; count: number }[] };
  outsideResellerOfRecord: {
    leadsWithRecord: number;
    total: number;
    toOtherPartner: number;
    toNoPartner: number;
    share: number | null;
    rows: {
      leadId: string;
      number: string;
      createdAt: string;
      status: string;
      rule: string;
      code: string;
      customer: Ref;
      resellerOfRecord: Ref;
      partner: Ref | null;
    }[];
  };
  directContacts: {
    total: number;
    withoutPartner: number;
    byKind: {
      kind: string;
      total: number;
      unprotected: number;
      cleared: number;
      withoutClearance: number;
      withoutPartner: number;
    }[];
    rows: {
      id: string;
      createdAt: string;
      kind: string;
      customer: Ref;
      resellerOfRecord: Ref | null;
      protectingPartner: Ref | null;
      clearance: string | null;
      createdBy: string;
    }[];
  };
  partners: { rows: PartnerReportRow[] };
  renewalsDue: { rows: { month: string; assets: number; withLead: number; withoutLead: number }[] };
};
