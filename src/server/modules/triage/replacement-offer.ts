// Which replacement a device fault leads to (scenario S3). A checklist that classifies `device`
// offers one replacement per case: a return (RMA) while the device is in warranty, a `new_device`
// lead for the reseller of record once it is out of warranty. Pure, so the rule reads in one place
// and the Diagnose panel, the endpoint and the tests agree on it.
//
// Warranty unknown (the installed base has no warranty end, or the device is not in it): a return.
// A return is only a request: the operator's agent checks the proof of purchase before authorising
// it and rejects it with a reason the customer sees. A sales lead instead would push a new device
// on a customer who may be owed a free replacement. Neither path goes around the reseller.
import type { FaultClassification } from '../../../shared/checklists';

/** The faulty device as the case knows it: from the installed base, or only from the case's facts. */
export type ReplacementDevice = {
  /** The installed-base asset, or null when the case names a device the installed base lacks. */
  assetId: string | null;
  product: string;
  serial: string | null;
  productLine: string | null;
  /** YYYY-MM-DD, last day covered; null: unknown. */
  warrantyEnd: string | null;
};

export type ReplacementPartner = { id: string; name: string };

export type ReplacementOffer =
  /** `not_device`: the run found no device fault; `device_unknown`: no model known, nothing to return. */
  | { kind: 'none'; reason: 'not_device' | 'device_unknown' }
  /** `warranty`: `valid` until warrantyEnd, or `unknown` (the agent checks before authorising). */
  | { kind: 'return'; device: ReplacementDevice; warranty: 'valid' | 'unknown' }
  /**
   * `partner`: the reseller of record the lead is meant for (the asset's own, else the customer's);
   * null: none, lead routing picks the nearest partner or the channel manager's queue.
   */
  | { kind: 'new_device_lead'; device: ReplacementDevice; partner: ReplacementPartner | null };

export type ReplacementInput = {
  classification: FaultClassification | null;
  device: ReplacementDevice | null;
  /** The operator's calendar day (Europe/Berlin), YYYY-MM-DD. */
  today: string;
  resellerOfRecord: ReplacementPartner | null;
};

/**
 * The replacement a device fault gets: a return while in warranty (the warranty's last day
 * included) or when the warranty is unknown, else a new-device lead for the reseller of record.
 */
export function replacementOffer(input: ReplacementInput): ReplacementOffer {
  if (input.classification !== 'device') return { kind: 'none', reason: 'not_device' };
  const device = input.device;
  if (!device) return { kind: 'none', reason: 'device_unknown' };
  if (device.warrantyEnd === null) return { kind: 'return', device, warranty: 'unknown' };
  if (input.today <= device.warrantyEnd) return { kind: 'return', device, warranty: 'valid' };
  return { kind: 'new_device_lead', device, partner: input.resellerOfRecord };
}

export type InstalledAsset = {
  id: string;
  serial: string;
  productModel: string;
  productLine: string;
  warrantyEnd: string | null;
};

/**
 * The device a case is about: the serial named on the case (fact `serial_number`, set when the case
 * was opened for an asset) or else answered in the checklist, looked up in the customer's installed
 * base (case ignored, as serials are unique that way). A serial the installed base lacks still
 * names a device when the case knows its model (fact `model`); its warranty is then unknown.
 */
export function identifyDevice(input: {
  serialFact: string | null;
  serialAnswer: string | null;
  modelFact: string | null;
  assets: readonly InstalledAsset[];
}): ReplacementDevice | null {
  const serial = input.serialFact?.trim() || input.serialAnswer?.trim() || null;
  const asset = serial
    ? input.assets.find((a) => a.serial.toUpperCase() === serial.toUpperCase())
    : undefined;
  if (asset)
    return {
      assetId: asset.id,
      product: asset.productModel,
      serial: asset.serial,
      productLine: asset.productLine,
      warrantyEnd: asset.warrantyEnd,
    };
  const model = input.modelFact?.trim();
  if (!model) return null;
  return { assetId: null, product: model, serial, productLine: null, warrantyEnd: null };
}

/** The checklist steps whose text answer is taken as the device's serial number. */
export const SERIAL_STEP_IDS: readonly string[] = ['serial', 'serial_number'];
