import { describe, expect, it } from 'vitest';
import {
  type InstalledAsset,
  identifyDevice,
  type ReplacementDevice,
  replacementOffer,
} from './replacement-offer';

const router = (warrantyEnd: string | null): ReplacementDevice => ({
  assetId: 'a1',
  product: 'NetBox 8',
  serial: 'PW-NB-1001',
  productLine: 'networking',
  warrantyEnd,
});
const nordwest = { id: 'p1', name: 'Nordwest IT GmbH' };
const TODAY = '2026-12-06';

describe('replacementOffer', () => {
  it('offers nothing unless the checklist found a device fault', () => {
    for (const classification of ['line', 'configuration', 'unknown', null] as const)
      expect(
        replacementOffer({
          classification,
          device: router('2027-12-31'),
          today: TODAY,
          resellerOfRecord: nordwest,
        }),
      ).toEqual({ kind: 'none', reason: 'not_device' });
  });

  it('offers nothing when the case names no device to replace', () => {
    expect(
      replacementOffer({ classification: 'device', device: null, today: TODAY, resellerOfRecord: nordwest }),
    ).toEqual({ kind: 'none', reason: 'device_unknown' });
  });

  it('opens a return for a device in warranty, its last day included', () => {
    for (const end of ['2027-12-31', TODAY])
      expect(
        replacementOffer({
          classification: 'device',
          device: router(end),
          today: TODAY,
          resellerOfRecord: nordwest,
        }),
      ).toEqual({ kind: 'return', device: router(end), warranty: 'valid' });
  });

  it('offers a new device through the reseller of record the day after the warranty ended', () => {
    expect(
      replacementOffer({
        classification: 'device',
        device: router('2026-12-05'),
        today: TODAY,
        resellerOfRecord: nordwest,
      }),
    ).toEqual({ kind: 'new_device_lead', device: router('2026-12-05'), partner: nordwest });
  });

  it('leaves an out-of-warranty lead without a reseller of record to lead routing', () => {
    expect(
      replacementOffer({
        classification: 'device',
        device: router('2025-01-31'),
        today: TODAY,
        resellerOfRecord: null,
      }),
    ).toEqual({ kind: 'new_device_lead', device: router('2025-01-31'), partner: null });
  });

  it('opens a return when the warranty is unknown, so the agent checks it before authorising', () => {
    expect(
      replacementOffer({
        classification: 'device',
        device: router(null),
        today: TODAY,
        resellerOfRecord: nordwest,
      }),
    ).toEqual({ kind: 'return', device: router(null), warranty: 'unknown' });
  });
});

describe('identifyDevice', () => {
  const assets: InstalledAsset[] = [
    {
      id: 'a1',
      serial: 'PW-NB-1001',
      productModel: 'NetBox 8',
      productLine: 'networking',
      warrantyEnd: '2027-12-31',
    },
    {
      id: 'a2',
      serial: 'PW-NB-0907',
      productModel: 'NetBox 5',
      productLine: 'networking',
      warrantyEnd: '2025-11-30',
    },
  ];

  it('takes the asset named on the case from the installed base', () => {
    expect(
      identifyDevice({ serialFact: 'PW-NB-1001', serialAnswer: 'PW-NB-0907', modelFact: null, assets }),
    ).toEqual(router('2027-12-31'));
  });

  it('takes the serial answered in the checklist when the case names none, ignoring case', () => {
    expect(
      identifyDevice({ serialFact: null, serialAnswer: ' pw-nb-0907 ', modelFact: null, assets }),
    ).toMatchObject({ assetId: 'a2', product: 'NetBox 5', warrantyEnd: '2025-11-30' });
  });

  it('names a device outside the installed base by the case’s model, warranty unknown', () => {
    expect(
      identifyDevice({ serialFact: 'X-1', serialAnswer: null, modelFact: 'Fritz 7590', assets }),
    ).toEqual({
      assetId: null,
      product: 'Fritz 7590',
      serial: 'X-1',
      productLine: null,
      warrantyEnd: null,
    });
  });

  it('knows no device without a known serial or a model', () => {
    expect(identifyDevice({ serialFact: 'X-1', serialAnswer: null, modelFact: null, assets })).toBeNull();
    expect(identifyDevice({ serialFact: null, serialAnswer: null, modelFact: '  ', assets })).toBeNull();
  });
});
