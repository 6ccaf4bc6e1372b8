import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Audience } from '../roles';
import { CommitmentsPanel, DecisionsList, Panel } from './CasePanels';
import { DecisionForm } from './OperatorPanels';
import type { CaseDetail } from './types';

/**
 * What was promised and decided on a case. On a desktop it sits in the side column; on a phone the
 * case page puts it before the history, because it is what a reader opening the case looks for first.
 */
export function PromisesAndDecisions({ kase, audience }: { kase: CaseDetail; audience: Audience }) {
  return (
    <>
      <CommitmentsPanel kase={kase} audience={audience} />
      <DecisionsPanel kase={kase} audience={audience} />
    </>
  );
}

export function DecisionsPanel({ kase, audience }: { kase: CaseDetail; audience: Audience }) {
  const { t } = useTranslation();
  return (
    <Panel title={t('cases.decision.title')} id="decisions-heading">
      {audience === 'customer' && kase.decisions.length > 0 && (
        <Text size="sm" c="dimmed" mb="xs">
          {t('cases.decision.customerIntro')}
        </Text>
      )}
      <DecisionsList kase={kase} />
      {audience === 'operator' && kase.status !== 'closed' && <DecisionForm kase={kase} />}
    </Panel>
  );
}
