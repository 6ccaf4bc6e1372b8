import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ACROSS_DATE_LINE, germanPairsWithin, pairsAnywhere, pairsClose } from './distance-samples';
import { distanceKm, distanceLowerBoundKm, loadPostalCodes, preparePoint, STATE_CODES } from './postal-codes';

const postalCodes = loadPostalCodes();

describe('loadPostalCodes (shipped table)', () => {
  it('finds 26121 in Oldenburg, near 53.14 N / 8.2 E', () => {
    expect(postalCodes.get('26121')).toMatchObject({ place: 'Oldenburg', stateCode: 'NI' });
    const point = postalCodes.lookup('26121');
    expect(point?.approximate).toBe(false);
    expect(point?.latitude).toBeCloseTo(53.14, 1);
    expect(point?.longitude).toBeCloseTo(8.2, 1);
  });

  it('keeps the leading zero of 01067 Dresden', () => {
    expect(postalCodes.get('01067')).toMatchObject({
      postalCode: '01067',
      place: 'Dresden',
      stateCode: 'SN',
    });
    expect(postalCodes.all()[0]?.postalCode).toBe('01067');
  });

  it('has one entry per PLZ, sorted, covering all 16 states', () => {
    const codes = postalCodes.all().map((entry) => entry.postalCode);
    expect(codes.length).toBeGreaterThan(8000);
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual(codes);
    const states = new Set(postalCodes.all().map((entry) => entry.stateCode));
    for (const state of STATE_CODES) expect(states).toContain(state);
  });

  it('falls back to the 3-digit area for an unknown PLZ and says so', () => {
    expect(postalCodes.get('26120')).toBeUndefined();
    const point = postalCodes.lookup('26120');
    expect(point?.approximate).toBe(true);
    // The 261xx area is Oldenburg and its surroundings.
    expect(distanceKm(point!, postalCodes.lookup('26121')!)).toBeLessThan(30);
  });

  it('falls back to the 2-digit area when the 3-digit area is unknown too', () => {
    expect(postalCodes.all().some((entry) => entry.postalCode.startsWith('260'))).toBe(false);
    const point = postalCodes.lookup('26099');
    expect(point?.approximate).toBe(true);
    expect(distanceKm(point!, postalCodes.lookup('26121')!)).toBeLessThan(100);
  });

  it('returns undefined for invalid input and for an area without any PLZ', () => {
    for (const input of ['1234', 'abcde', '', '123456', '2612a', 'D-26121']) {
      expect(postalCodes.lookup(input)).toBeUndefined();
    }
    expect(postalCodes.lookup('00000')).toBeUndefined();
  });

  it('tolerates surrounding whitespace from form input', () => {
    expect(postalCodes.lookup(' 26121 ')).toEqual(postalCodes.lookup('26121'));
  });

  it('hands out a copy, so callers cannot reorder the index', () => {
    const first = postalCodes.all();
    first.reverse();
    expect(postalCodes.all()[0]?.postalCode).toBe('01067');
  });
});

describe('loadPostalCodes (small file)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plz-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('averages the area for the fallback and reads quoted places', () => {
    const file = join(dir, 'small.csv');
    writeFileSync(
      file,
      [
        'postal_code,place,state_code,latitude,longitude',
        '11110,"Alpha, Ort",BE,50,10',
        '11120,Beta,BE,52,12',
        '11200,Gamma,BE,54,14',
        '87491,Jungholz,,47.5741,10.4472',
        '',
      ].join('\n'),
    );
    const index = loadPostalCodes(file);
    expect(index.get('11110')?.place).toBe('Alpha, Ort');
    expect(index.get('87491')?.stateCode).toBeNull();
    expect(index.lookup('11199')).toEqual({ latitude: 51, longitude: 11, approximate: true });
    expect(index.lookup('11999')).toEqual({ latitude: 52, longitude: 12, approximate: true });
    expect(index.lookup('12000')).toBeUndefined();
  });

  it('refuses a table with a malformed row', () => {
    const file = join(dir, 'broken.csv');
    writeFileSync(file, 'postal_code,place,state_code,latitude,longitude\n2612,Oldenburg,NI,53.1,8.2\n');
    expect(() => loadPostalCodes(file)).toThrow(/row 1/);
  });
});

describe('distanceKm', () => {
  it('measures Hamburg 20095 to München 80331 as about 612 km', () => {
    const distance = distanceKm(postalCodes.lookup('20095')!, postalCodes.lookup('80331')!);
    expect(distance).toBeGreaterThan(602);
    expect(distance).toBeLessThan(622);
  });

  it('is zero for the same point and symmetric', () => {
    const oldenburg = postalCodes.lookup('26121')!;
    const dresden = postalCodes.lookup('01067')!;
    expect(distanceKm(oldenburg, oldenburg)).toBe(0);
    expect(distanceKm(oldenburg, dresden)).toBeCloseTo(distanceKm(dresden, oldenburg), 9);
  });
});

describe('distanceLowerBoundKm', () => {
  it('never exceeds the great-circle distance, anywhere on earth', () => {
    for (const [a, b] of pairsAnywhere(7)) {
      expect(distanceLowerBoundKm(preparePoint(a), b)).toBeLessThanOrEqual(distanceKm(a, b));
    }
  });

  it('never exceeds it for points close together, nor at exactly the same point', () => {
    for (const [a, b] of pairsClose(11)) {
      expect(distanceLowerBoundKm(preparePoint(a), b)).toBeLessThanOrEqual(distanceKm(a, b));
    }
    const oldenburg = postalCodes.lookup('26121')!;
    expect(distanceLowerBoundKm(preparePoint(oldenburg), oldenburg)).toBe(0);
  });

  it('stays within 0.1 % of the distance between German postal codes up to 300 km apart', () => {
    for (const [a, b, exact] of germanPairsWithin(postalCodes.all(), 3)) {
      const bound = distanceLowerBoundKm(preparePoint(a), b);
      expect(bound).toBeLessThanOrEqual(exact);
      expect(bound).toBeGreaterThan(exact * 0.999);
    }
  });

  it('takes the short way across the date line', () => {
    const [west, east] = ACROSS_DATE_LINE;
    expect(distanceKm(west, east)).toBeLessThan(23);
    expect(distanceLowerBoundKm(preparePoint(west), east)).toBeGreaterThan(22);
  });
});
