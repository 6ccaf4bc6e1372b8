import { describe, expect, it } from 'vitest';
import {
  buildDirectContactRows,
  buildPartnerRows,
  buildRenewalRows,
  defaultPeriod,
  isCalendarDay,
  median,
  monthsAhead,
  monthsAheadBounds,
  periodBounds,
  rate,
  resolvePeriod,
  sortRoutingReasons,
} from './lead-report';
import { reportCsv, reportCsvFilename } from './lead-report-csv';
import type { LeadReport } from './lead-report-service';

const now = new Date('2026-11-24T09:00:00.000Z');

describe('leads report period', () => {
  it('defaults to the twelve months up to today, and bounds days in UTC with the end exclusive', () => {
    expect(defaultPeriod(now)).toEqual({ from: '2025-11-25', to: '2026-11-24' });
    expect(defaultPeriod(new Date('2028-02-29T12:00:00Z'))).toEqual({ from: '2027-03-02', to: '2028-02-29' });
    expect(periodBounds({ from: '2026-01-01', to: '2026-01-31' })).toEqual({
      start: '2026-01-01T00:00:00.000Z',
      end: '2026-02-01T00:00:00.000Z',
    });
  });

  it('accepts only real calendar days', () => {
    expect(isCalendarDay('2026-02-28')).toBe(true);
    expect(isCalendarDay('2026-02-30')).toBe(false);
    expect(isCalendarDay('2026-2-3')).toBe(false);
    expect(isCalendarDay('heute')).toBe(false);
  });

  it('fills a missing end from the other and names the field of a wrong period', () => {
    expect(resolvePeriod({}, now)).toEqual({ from: '2025-11-25', to: '2026-11-24' });
    expect(resolvePeriod({ from: '2026-01-01' }, now)).toEqual({ from: '2026-01-01', to: '2026-11-24' });
    expect(resolvePeriod({ from: '2024-03-01' }, now)).toEqual({ from: '2024-03-01', to: '2025-02-28' });
    expect(resolvePeriod({ to: '2026-06-30' }, now)).toEqual({ from: '2025-07-01', to: '2026-06-30' });
    expect(resolvePeriod({ from: '2026-05-02', to: '2026-05-01' }, now)).toEqual({
      field: 'to',
      message: 'must not be before from',
    });
    expect(resolvePeriod({ from: '2000-01-01', to: '2026-01-01' }, now)).toMatchObject({ field: 'to' });
  });

  it('lists the next twelve months from the current one, across the year end', () => {
    expect(monthsAhead(now, 12)).toEqual([
      '2026-11',
      '2026-12',
      '2027-01',
      '2027-02',
      '2027-03',
      '2027-04',
      '2027-05',
      '2027-06',
      '2027-07',
      '2027-08',
      '2027-09',
      '2027-10',
    ]);
    expect(monthsAheadBounds(now, 12)).toEqual({ start: '2026-11-01', end: '2027-11-01' });
  });
});

describe('leads report figures', () => {
  it('rates are 0–1 with four places and null when nothing was decided; the median of even counts is the mean of the middle two', () => {
    expect(rate(2, 3)).toBe(0.6667);
    expect(rate(0, 0)).toBeNull();
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 2, 10])).toBe(3);
  });

  it('builds one row per partner from steps, answers, outcomes, pipeline and registrations', () => {
    const rows = buildPartnerRows({
      steps: [
        { partnerId: 'a', offered: 4, accepted: 2, declined: 1, timedOut: 1 },
        { partnerId: 'b', offered: 1, accepted: 0, declined: 0, timedOut: 0 },
      ],
      responses: [
        { partnerId: 'a', offeredAt: '2026-11-01T08:00:00.000Z', respondedAt: '2026-11-01T10:00:00.000Z' },
        { partnerId: 'a', offeredAt: '2026-11-02T08:00:00.000Z', respondedAt: '2026-11-03T08:00:00.000Z' },
        { partnerId: 'a', offeredAt: '2026-11-04T08:00:00.000Z', respondedAt: '2026-11-04T14:30:00.000Z' },
        // An answer whose offer lies before any record has no response time.
        { partnerId: 'a', offeredAt: null, respondedAt: '2026-11-05T08:00:00.000Z' },
      ],
      outcomes: [{ partnerId: 'a', won: 1, lost: 1, wonValueCents: 129_900 }],
      pipeline: [{ partnerId: 'c', openLeads: 2, expectedValueCents: 50_000 }],
      registrations: [
        { partnerId: 'c', registered: 2, approved: 1, rejected: 1, approvedValueCents: 800_000 },
      ],
      names: [
        { id: 'a', number: 'P-1', name: 'Nordwest IT GmbH' },
        { id: 'b', number: 'P-2', name: 'Systemhaus Süd GmbH' },
        { id: 'c', number: 'P-3', name: 'Alster IT' },
      ],
    });
    expect(rows.map((r) => r.partner.name)).toEqual(['Nordwest IT GmbH', 'Systemhaus Süd GmbH', 'Alster IT']);
    expect(rows[0]).toMatchObject({
      offered: 4,
      acceptanceRate: 0.5,
      medianResponseHours: 6.5,
      won: 1,
      lost: 1,
      conversionRate: 0.5,
      wonValueCents: 129_900,
      openLeads: 0,
    });
    expect(rows[1]).toMatchObject({
      offered: 1,
      acceptanceRate: null,
      medianResponseHours: null,
      conversionRate: null,
    });
    expect(rows[2]).toMatchObject({
      offered: 0,
      openLeads: 2,
      pipelineExpectedValueCents: 50_000,
      registrations: 2,
      registrationsApproved: 1,
      registrationsRejected: 1,
      approvedRegistrationValueCents: 800_000,
    });
  });

  it('counts direct contacts without partner involvement: unprotected, or protected without clearance', () => {
    const rows = buildDirectContactRows([
      { kind: 'offer', total: 5, unprotected: 2, cleared: 2, withoutClearance: 1 },
      { kind: 'mail', total: 1, unprotected: 1, cleared: 0, withoutClearance: 0 },
    ]);
    expect(rows.map((r) => [r.kind, r.total, r.withoutPartner])).toEqual([
      ['offer', 5, 3],
      ['call', 0, 0],
      ['mail', 1, 1],
    ]);
  });

  it('fills months without warranty ends with zeros and sorts routing reasons by count', () => {
    expect(buildRenewalRows(['2026-11', '2026-12'], [{ month: '2026-12', assets: 3, withLead: 1 }])).toEqual([
      { month: '2026-11', assets: 0, withLead: 0, withoutLead: 0 },
      { month: '2026-12', assets: 3, withLead: 1, withoutLead: 2 },
    ]);
    expect(
      sortRoutingReasons([
        { rule: 'queue', code: 'no_eligible_partner', count: 1 },
        { rule: 'nearest', code: 'nearest', count: 3 },
        { rule: 'queue', code: 'customer_without_coordinates', count: 1 },
      ]).map((r) => r.code),
    ).toEqual(['nearest', 'customer_without_coordinates', 'no_eligible_partner']);
  });
});

describe('leads report CSV', () => {
  const report = {
    period: { from: '2025-11-25', to: '2026-11-24' },
    byRoutingReason: {
      total: 3,
      rows: [{ rule: 'reseller_of_record', code: 'reseller_of_record', count: 3 }],
    },
    outsideResellerOfRecord: {
      leadsWithRecord: 3,
      total: 1,
      toOtherPartner: 0,
      toNoPartner: 1,
      share: 0.3333,
      rows: [
        {
          leadId: 'l1',
          number: 'L-2026-000001',
          createdAt: '2026-11-01T08:00:00.000Z',
          status: 'queued',
          rule: 'queue',
          code: 'reseller_of_record_tried',
          customer: { id: 'k1', name: 'Bäckerei "Sommer"; Filiale 2' },
          resellerOfRecord: { id: 'p1', name: '=HYPERLINK("x")' },
          partner: null,
        },
      ],
    },
    directContacts: { total: 0, withoutPartner: 0, byKind: [], rows: [] },
    partners: {
      rows: [
        {
          partner: { id: 'p1', number: 'P-1', name: 'Nordwest IT GmbH' },
          offered: 2,
          accepted: 1,
          declined: 1,
          timedOut: 0,
          acceptanceRate: 0.5,
          medianResponseHours: 1.5,
          won: 1,
          lost: 0,
          conversionRate: 1,
          wonValueCents: 129_950,
          openLeads: 0,
          pipelineExpectedValueCents: 0,
          registrations: 0,
          registrationsApproved: 0,
          registrationsRejected: 0,
          approvedRegistrationValueCents: 0,
        },
      ],
    },
    renewalsDue: { rows: [] },
  } satisfies LeadReport;

  it('starts with a BOM, separates with semicolons, quotes where needed and defuses formulas', () => {
    const csv = reportCsv(report, 'outsideResellerOfRecord');
    expect(csv.startsWith('\uFEFFlead_number;created_at;status;')).toBe(true);
    expect(csv.split('\r\n')[1]).toBe(
      `L-2026-000001;2026-11-01T08:00:00.000Z;queued;queue;reseller_of_record_tried;"Bäckerei ""Sommer""; Filiale 2";"'=HYPERLINK(""x"")";`,
    );
  });

  it('writes rates, hours and euros with a decimal comma', () => {
    const line = reportCsv(report, 'partners').split('\r\n')[1];
    expect(line).toBe('P-1;Nordwest IT GmbH;2;1;1;0;0,5;1,5;1;0;1;1299,50;0;0,00;0;0;0;0,00');
    expect(reportCsvFilename(report, 'partners')).toBe('leads-report_partners_2025-11-25_2026-11-24.csv');
  });
});
