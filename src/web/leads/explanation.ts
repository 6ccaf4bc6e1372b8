// The routing explanation in the reader's language. The server stores `code` + `params` (its
// English `summary` is for logs); every code the router can produce has a sentence here, and the
// switch is exhaustive so a new code fails the typecheck instead of showing nothing.

import type { TFunction } from 'i18next';
import { intlLocale } from '../format';
import { EXCLUSION_REASONS, LEAD_STAGES, type LeadExplanation, type LeadStage } from './types';

/** "12,3 km" / "12.3 km" */
export function formatKm(km: number, language: string): string {
  return `${new Intl.NumberFormat(intlLocale(language), { maximumFractionDigits: 1 }).format(km)} km`;
}

/** The full explanation as sentences, for the lead's page (operator and partner). */
export function explainRouting(explanation: LeadExplanation, t: TFunction, language: string): string[] {
  const km = (value: number) => formatKm(value, language);
  switch (explanation.code) {
    case 'reseller_of_record': {
      const p = explanation.params;
      const of = t(`leads.explain.of.${p.of}`);
      const sentences = [t('leads.explain.reseller_of_record', { partner: p.partnerName, of })];
      if (p.assetRecord !== null) {
        sentences.push(
          t('leads.explain.assetRecordNotActive', {
            partner: p.assetRecord.partnerName,
            status: t(`leads.explain.status.${p.assetRecord.status}`),
          }),
        );
      }
      if (p.outsideRadius) {
        sentences.push(
          p.distanceKm === null
            ? t('leads.explain.outsideRadius')
            : t('leads.explain.outsideRadiusKm', { km: km(p.distanceKm) }),
        );
      }
      if (p.overCapacity) sentences.push(t('leads.explain.overCapacity'));
      return sentences;
    }
    case 'reseller_of_record_tried': {
      const p = explanation.params;
      return [
        t('leads.explain.reseller_of_record_tried', {
          partner: p.partnerName,
          of: t(`leads.explain.of.${p.of}`),
        }),
      ];
    }
    case 'reseller_of_record_not_active': {
      const p = explanation.params;
      return [
        t('leads.explain.reseller_of_record_not_active', {
          partner: p.partnerName,
          of: t(`leads.explain.of.${p.of}`),
          status: t(`leads.explain.status.${p.status}`),
        }),
      ];
    }
    case 'nearest': {
      const p = explanation.params;
      const sentences = [
        t('leads.explain.nearest', {
          partner: p.partnerName,
          count: p.eligibleCount,
          km: km(p.distanceKm),
          radius: km(p.serviceRadiusKm),
        }),
      ];
      if (p.tieBrokenBy !== null) sentences.push(t(`leads.explain.tie.${p.tieBrokenBy}`));
      if (p.approximateLocation) sentences.push(t('leads.explain.approximate'));
      return sentences;
    }
    case 'customer_without_coordinates':
      return [t('leads.explain.customer_without_coordinates')];
    case 'manual':
      return [
        t('leads.explain.manual', {
          partner: explanation.params.partnerName,
          reason: explanation.params.reason,
        }),
      ];
    case 'no_eligible_partner': {
      const p = explanation.params;
      const reasons = EXCLUSION_REASONS.filter((reason) => (p.excluded[reason] ?? 0) > 0).map((reason) =>
        t(`leads.excludedCount.${reason}`, { count: p.excluded[reason] }),
      );
      const sentences = [t('leads.explain.no_eligible_partner', { count: p.partnerCount })];
      if (reasons.length > 0) sentences.push(t('leads.explain.excludedList', { list: reasons.join(', ') }));
      if (p.approximateLocation) sentences.push(t('leads.explain.approximate'));
      return sentences;
    }
    default: {
      // A code newer than this web app: the server's English summary beats an empty line.
      const unknown: never = explanation;
      return [(unknown as LeadExplanation).summary];
    }
  }
}

/** A few words for the lead list's "routing reason" column. */
export function shortRoutingReason(explanation: LeadExplanation, t: TFunction, language: string): string {
  switch (explanation.code) {
    case 'reseller_of_record':
      return t('leads.short.reseller_of_record');
    case 'reseller_of_record_tried':
      return t('leads.short.reseller_of_record_tried');
    case 'reseller_of_record_not_active':
      return t(`leads.short.reseller_of_record_${explanation.params.status}`);
    case 'nearest':
      return t('leads.short.nearest', { km: formatKm(explanation.params.distanceKm, language) });
    case 'customer_without_coordinates':
      return t('leads.short.customer_without_coordinates');
    case 'manual':
      return t('leads.short.manual');
    case 'no_eligible_partner':
      return t('leads.short.no_eligible_partner');
    default: {
      const unknown: never = explanation;
      return (unknown as LeadExplanation).summary;
    }
  }
}

// The server names its own jobs and the changes of a progress step in English words; these are
// the ones it writes, shown in the reader's language. Anything else (a person's name, a reason a
// person typed) is shown as written.
const SYSTEM_ACTORS = { 'renewal job': 'renewalJob', 'protection timeout': 'protectionTimeout' } as const;

export function stepActor(actor: string, t: TFunction): string {
  const key = SYSTEM_ACTORS[actor as keyof typeof SYSTEM_ACTORS];
  return key === undefined ? actor : t(`leads.history.actors.${key}`);
}

/** "stage contacted, expected value" → "Phase Kontaktiert, erwarteter Wert". */
export function progressReason(reason: string, t: TFunction): string {
  const parts = reason.split(', ').map((part) => {
    if (part.startsWith('stage ')) {
      const stage = part.slice('stage '.length);
      return (LEAD_STAGES as readonly string[]).includes(stage)
        ? t('leads.progress.stage', { stage: t(`leads.stages.${stage as LeadStage}`) })
        : null;
    }
    if (part === 'next activity') return t('leads.progress.nextActivity');
    if (part === 'next activity note') return t('leads.progress.nextActivityNote');
    if (part === 'expected value') return t('leads.progress.expectedValue');
    return null;
  });
  return parts.every((part) => part !== null) ? parts.join(', ') : reason;
}
