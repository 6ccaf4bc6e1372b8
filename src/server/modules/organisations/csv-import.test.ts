import { describe, expect, it } from 'vitest';
import { parseOrganisationCsv } from './csv-import';

describe('organisation CSV import parsing', () => {
  it('reads comma-separated rows and keeps leading zeros of postal codes', () => {
    const csv = 'kind,name,postal_code,city\ncustomer,Zahnarztpraxis Dr. Körner,01067,Dresden\n';
    const { rows, errors } = parseOrganisationCsv(csv);
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.organisation).toMatchObject({
      kind: 'customer',
      name: 'Zahnarztpraxis Dr. Körner',
      postalCode: '01067',
    });
    expect(rows[0]?.line).toBe(2);
  });

  it('reads semicolon-separated files with a BOM, as Excel writes them', () => {
    const csv = '\uFEFFkind;name;city;reseller_number\ncustomer;Hotel Lindenhof;Bremen;P-10001\n';
    const { rows, errors } = parseOrganisationCsv(csv);
    expect(errors).toEqual([]);
    expect(rows[0]?.resellerNumber).toBe('P-10001');
  });

  it('reports every bad row with its line number and imports nothing', () => {
    const csv = [
      'kind,name,postal_code,email',
      'customer,Gut,26121,info@gut.example',
      'kunde,Falsche Art,26121,',
      'customer,X,2612,keine-mail',
    ].join('\n');
    const { rows, errors } = parseOrganisationCsv(csv);
    expect(rows).toEqual([]);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 3, field: 'kind' }),
        expect.objectContaining({ line: 4, field: 'name' }),
        expect.objectContaining({ line: 4, field: 'postal_code' }),
        expect.objectContaining({ line: 4, field: 'email' }),
      ]),
    );
  });

  it('names unknown and missing columns', () => {
    expect(parseOrganisationCsv('name,plz\nA GmbH,12345\n').errors).toEqual([
      { line: 1, field: 'kind', message: 'column is missing' },
      expect.objectContaining({ line: 1, field: 'plz' }),
    ]);
  });
});
