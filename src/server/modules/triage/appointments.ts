// Technician appointments on a case (the carrier's visit): date, time window, note. Recorded by the
// operator's case workers; customer and partner see them on the case and the public status page.

import type { Db, Trx } from '../../db/database';
import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import { actorLabel, type Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import {
  changeCase,
  guardCustomerText,
  type LeakOverride,
  leakFactsForCase,
  resolveCaseForScope,
} from '../cases/service';
import type { Appointment } from './schemas';
import type { CaseAppointmentRow } from './triage.table';

function toAppointment(row: CaseAppointmentRow): Appointment {
  return {
    id: row.id,
    date: row.date,
    from: row.window_from,
    to: row.window_to,
    note: row.note,
    createdBy: row.created_by_label,
    createdAt: row.created_at,
  };
}

export async function addAppointment(
  deps: Deps,
  scope: Scope,
  caseRef: string,
  input: {
    date: string;
    from: string;
    to: string;
    note?: string | undefined;
    override?: LeakOverride | undefined;
  },
): Promise<Appointment> {
  // The note is shown to the customer and partner: it passes the leak guard.
  const leakFacts = await leakFactsForCase(deps, scope, caseRef);
  return changeCase(deps, scope, caseRef, async ({ trx, row, event }) => {
    if (row.status === 'closed') throw new AppError('conflict', 'The case is closed.');
    const id = newId();
    await guardCustomerText(trx, deps, row, {
      scope,
      texts: [{ field: 'note', text: input.note }],
      facts: leakFacts,
      subject: { type: 'appointment', id },
      override: input.override,
    });
    const appointment: CaseAppointmentRow = {
      id,
      case_id: row.id,
      date: input.date,
      window_from: input.from,
      window_to: input.to,
      note: input.note ? input.note : null,
      created_by_label: actorLabel(scope),
      created_at: isoNow(deps.clock),
    };
    await trx.insertInto('case_appointment').values(appointment).execute();
    await event('appointment_scheduled', 'public', {
      appointmentId: appointment.id,
      date: appointment.date,
      from: appointment.window_from,
      to: appointment.window_to,
      note: appointment.note,
    });
    await recordAudit(trx, scope, deps.clock, {
      action: 'case.appointment_scheduled',
      entityType: 'case',
      entityId: row.id,
      after: appointment,
    });
    return toAppointment(appointment);
  });
}

/** A case's appointments, soonest first; the caller has checked the case is visible. */
export async function appointmentsOfCase(db: Db | Trx, caseId: string): Promise<Appointment[]> {
  const rows = await db
    .selectFrom('case_appointment')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('date')
    .orderBy('window_from')
    .execute();
  return rows.map(toAppointment);
}

export async function listAppointments(deps: Deps, scope: Scope, caseRef: string): Promise<Appointment[]> {
  const kase = await resolveCaseForScope(deps, scope, caseRef);
  return appointmentsOfCase(deps.db, kase.id);
}
