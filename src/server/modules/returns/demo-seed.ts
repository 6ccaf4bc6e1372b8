// Demo data of scenario S5: a finished return whose parcel held old newspapers instead of the
// printer: requested, authorised, received, inspected as wrong contents with the outcome rejected
// and the reason the customer reads, and closed. The inspection flags the customer for review, as it would live.
import type { Deps } from '../../shared/deps';
import type { Scope } from '../../shared/scope';
import { requestReturn } from './service';
import { stepReturn } from './transitions';

/** Each step at the time `at(hoursAfterRequest)` gives, so the return has a believable history. */
export async function seedDemoRejectedReturn(
  at: (hoursAfterRequest: number) => Deps,
  agent: Scope,
  caseId: string,
): Promise<void> {
  const requested = await requestReturn(at(0), agent, caseId, {
    items: [
      { product: 'Printwerk LX 500', serial: 'LX5-2026-08841', quantity: 1, reason: 'Gerät startet nicht' },
      { product: 'Tonerkartusche TK-500', quantity: 2, reason: 'Falsch bestellt' },
    ],
  });
  await stepReturn(at(3), agent, requested.id, { action: 'authorise' });
  await stepReturn(at(74), agent, requested.id, { action: 'receive' });
  await stepReturn(at(78), agent, requested.id, {
    action: 'inspect',
    body: {
      items: [
        { condition: 'wrong_contents', notes: 'Im Karton lagen alte Zeitungen statt des Druckers.' },
        { condition: 'as_described' },
      ],
      outcome: 'rejected',
      reason:
        'Im Paket war statt des Druckers Zeitungspapier; der Toner war unbeschädigt. Eine Erstattung ist so nicht möglich.',
    },
  });
  await stepReturn(at(80), agent, requested.id, { action: 'close' });
}
