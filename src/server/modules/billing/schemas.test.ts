import { describe, expect, it } from 'vitest';
import { CreateChargeBody, CreateChargeTypeBody, SellerSettingsBody } from './schemas';

const SELLER = {
  legalName: 'Printwerk Systeme AG',
  street: 'Am Druckerhafen 1',
  postalCode: '20099',
  city: 'Hamburg',
  country: 'DE',
  vatId: 'DE812345678',
  iban: 'DE89370400440532013000',
  paymentTermsDays: 14,
  invoiceNumberSeries: { prefix: 'RE-', numbering: 'per_year' },
};

const fields = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.success ? [] : (result.error?.issues.map((issue) => issue.path.join('.')) ?? []);

describe('seller settings body', () => {
  it('normalises the VAT ID and the BIC and fills the optional fields with null', () => {
    const parsed = SellerSettingsBody.parse({ ...SELLER, vatId: 'de 812 345 678', bic: 'coba de ff' });
    expect(parsed).toMatchObject({
      vatId: 'DE812345678',
      bic: 'COBADEFF',
      taxNumber: null,
      registerCourt: null,
      managingDirectors: [],
      invoiceFooter: null,
    });
  });

  it('takes foreign VAT IDs and German tax numbers in their usual forms', () => {
    for (const vatId of ['ATU12345678', 'NL123456789B01', 'FRXX123456789']) {
      expect(SellerSettingsBody.safeParse({ ...SELLER, vatId }).success, vatId).toBe(true);
    }
    for (const taxNumber of ['43/123/45678', '2181508150', '181/815/08155', '93815 08152']) {
      expect(SellerSettingsBody.safeParse({ ...SELLER, vatId: null, taxNumber }).success, taxNumber).toBe(
        true,
      );
    }
  });

  it('refuses a German VAT ID without nine digits and a tax number with letters', () => {
    expect(fields(SellerSettingsBody.safeParse({ ...SELLER, vatId: 'DE12345678' }))).toEqual(['vatId']);
    expect(fields(SellerSettingsBody.safeParse({ ...SELLER, vatId: '812345678' }))).toEqual(['vatId']);
    expect(fields(SellerSettingsBody.safeParse({ ...SELLER, taxNumber: 'StNr 43/123' }))).toEqual([
      'taxNumber',
    ]);
  });

  it('names vatId when neither a VAT ID nor a tax number is given (empty strings count as none)', () => {
    expect(fields(SellerSettingsBody.safeParse({ ...SELLER, vatId: '', taxNumber: '' }))).toEqual(['vatId']);
    expect(SellerSettingsBody.parse({ ...SELLER, taxNumber: ' ', bic: ' ' })).toMatchObject({
      taxNumber: null,
      bic: null,
    });
  });

  it('checks the prefix of the number series', () => {
    for (const prefix of ['RE-', 'R', 'PW/2', 'RE_']) {
      expect(
        SellerSettingsBody.safeParse({ ...SELLER, invoiceNumberSeries: { prefix, numbering: 'per_year' } })
          .success,
        prefix,
      ).toBe(true);
    }
    for (const prefix of ['', '-RE', 'RE 1', 'ABCDEFGHIJKLMNOPQ']) {
      expect(
        fields(
          SellerSettingsBody.safeParse({ ...SELLER, invoiceNumberSeries: { prefix, numbering: 'per_year' } }),
        ),
        prefix,
      ).toEqual(['invoiceNumberSeries.prefix']);
    }
  });
});

describe('charge type body', () => {
  it('needs an exemption note for exempt and no note otherwise', () => {
    const base = { nameDe: 'Versicherung', nameEn: 'Insurance' };
    expect(fields(CreateChargeTypeBody.safeParse({ ...base, vatTreatment: 'exempt' }))).toEqual([
      'exemptionNote',
    ]);
    expect(
      fields(CreateChargeTypeBody.safeParse({ ...base, vatTreatment: 'exempt', exemptionNote: '  ' })),
    ).toEqual(['exemptionNote']);
    expect(
      CreateChargeTypeBody.parse({ ...base, vatTreatment: 'exempt', exemptionNote: '§ 4 Nr. 10 UStG' })
        .active,
    ).toBe(true);
    expect(
      fields(CreateChargeTypeBody.safeParse({ ...base, vatTreatment: 'standard', exemptionNote: 'x' })),
    ).toEqual(['exemptionNote']);
    expect(fields(CreateChargeTypeBody.safeParse({ ...base, vatTreatment: 'zero' }))).toEqual([
      'vatTreatment',
    ]);
  });
});

describe('charge body', () => {
  const base = { type: 'topup', amountCents: 5000, description: 'Aufladung', serviceDate: '2026-11-02' };

  it('takes the names the scripts use, with quantity and period optional', () => {
    expect(CreateChargeBody.parse(base)).toEqual(base);
    expect(CreateChargeBody.parse({ ...base, quantity: '2.5', serviceDateTo: '2026-11-30' })).toMatchObject({
      quantity: '2.5',
      serviceDateTo: '2026-11-30',
    });
  });

  it('refuses a period that ends before it starts, and amounts that are not whole positive cents', () => {
    expect(fields(CreateChargeBody.safeParse({ ...base, serviceDateTo: '2026-11-01' }))).toEqual([
      'serviceDateTo',
    ]);
    expect(fields(CreateChargeBody.safeParse({ ...base, amountCents: 49.9 }))).toEqual(['amountCents']);
    expect(fields(CreateChargeBody.safeParse({ ...base, amountCents: -100 }))).toEqual(['amountCents']);
    expect(fields(CreateChargeBody.safeParse({ ...base, amountCents: '5000' }))).toEqual(['amountCents']);
  });
});
