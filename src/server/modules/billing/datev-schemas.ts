import { z } from 'zod';
import { DATEV_REVENUE_KEYS } from '../../../shared/datev';

// The DATEV export's API shapes: its settings and the export's query. Account numbers are plain
// integers of the accountant's chart of accounts; dates YYYY-MM-DD.

const Whole = (min: number, max: number, what: string) =>
  z
    .number(`must be ${what}`)
    .int(`must be ${what}`)
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

/** A general ledger account; checked against the account length as a whole below. */
const Account = Whole(1, 99_999_999, 'an account number');

export const DatevRevenueAccounts = z.object(
  Object.fromEntries(DATEV_REVENUE_KEYS.map((key) => [key, Account])) as Record<
    (typeof DATEV_REVENUE_KEYS)[number],
    typeof Account
  >,
);

export const DatevSettingsBody = z
  .object({
    /** Beraternummer of the tax adviser. */
    consultantNumber: Whole(1001, 9_999_999, 'a consultant number of 4 to 7 digits'),
    /** Mandantennummer at the tax adviser. */
    clientNumber: Whole(1, 99_999, 'a client number of 1 to 5 digits'),
    /** 1 = January. */
    fiscalYearStartMonth: Whole(1, 12, 'a month 1 to 12'),
    /** Sachkontenlänge: digits of a general ledger account (4 in a standard SKR03). */
    accountLength: Whole(4, 8, 'a length of 4 to 8 digits'),
    /** The debitor of customer K-100001 is this + 1 (10000 gives 10001). */
    debitorStart: Whole(10_000, 699_999_999, 'an account number'),
    bankAccount: Account,
    revenueAccounts: DatevRevenueAccounts,
  })
  .superRefine((value, ctx) => {
    const max = 10 ** value.accountLength - 1;
    const check = (path: (string | number)[], account: number) => {
      if (account > max) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `must have at most ${value.accountLength} digits (the account length)`,
        });
      }
    };
    check(['bankAccount'], value.bankAccount);
    for (const key of DATEV_REVENUE_KEYS) check(['revenueAccounts', key], value.revenueAccounts[key]);
    const low = 10 ** value.accountLength;
    if (value.debitorStart < low || value.debitorStart >= 7 * low - 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['debitorStart'],
        message: `must be a debitor account of ${value.accountLength + 1} digits from ${low} to ${7 * low - 2}`,
      });
    }
  });
export type DatevSettingsBody = z.infer<typeof DatevSettingsBody>;

export const DatevSettings = z.object({
  /** False until saved once; the export is refused before (the consultant and client numbers are needed). */
  configured: z.boolean(),
  consultantNumber: z.number().nullable(),
  clientNumber: z.number().nullable(),
  fiscalYearStartMonth: z.number(),
  accountLength: z.number(),
  debitorStart: z.number(),
  bankAccount: z.number(),
  revenueAccounts: DatevRevenueAccounts,
  updatedAt: z.string().nullable(),
});
export type DatevSettings = z.infer<typeof DatevSettings>;

const IsoDate = z.iso.date('must be a date YYYY-MM-DD');

export const DatevExportQuery = z.object({
  /** First day, inclusive: invoices by issue date, payments by booking date. */
  from: IsoDate,
  /** Last day, inclusive; within the same fiscal year as `from`. */
  to: IsoDate,
  /** csv (default): the Buchungsstapel alone; zip: with every document of the period's invoices. */
  format: z.enum(['csv', 'zip']).default('csv'),
});
export type DatevExportQuery = z.infer<typeof DatevExportQuery>;
