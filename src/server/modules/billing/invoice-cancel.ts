import type { VatCategoryCode, VatTreatment } from '../../../shared/billing';
import { AppError } from '../../shared/app-error';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import { requireRole, type Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import { berlinDate, documentContent } from './invoice-document';
import { INVOICE_ISSUE_ROLES, requireSellerSettings, sellerSnapshot, writeDocument } from './invoice-issue';
import type { BuyerSnapshot } from './invoice-schemas';
import { findInvoiceLines, findVisibleInvoice, getInvoice, type toInvoice } from './invoices';

// Cancelling an issued invoice (Storno): the invoice itself is never changed beyond its status;
// a cancellation document of its own, numbered from the same series, negates it.

const TREATMENT_OF: Record<string, VatTreatment> = {
  'S|1900': 'standard',
  'S|700': 'reduced',
  'O|0': 'not_subject',
  'AE|0': 'reverse_charge',
  'E|0': 'exempt',
};
function treatmentOf(category: VatCategoryCode, rate: number): VatTreatment {
  const treatment = TREATMENT_OF[`${category}|${rate}`];
  if (!treatment) throw new Error(`no VAT treatment for category ${category} at ${rate} basis points`);
  return treatment;
}

/**
 * Cancels an issued invoice: a cancellation document with the lines negated, numbered from the
 * original's series, referencing it; the original is marked cancelled (and otherwise unchanged)
 * and its charges are released so a corrected invoice can be issued.
 */
export async function cancelInvoice(
  deps: Deps,
  scope: Scope,
  id: string,
  reason: string,
): Promise<{ cancellation: ReturnType<typeof toInvoice>; cancelled: ReturnType<typeof toInvoice> }> {
  requireRole(scope, INVOICE_ISSUE_ROLES);
  const original = await findVisibleInvoice(deps, scope, id);
  if (original.kind !== 'invoice') {
    throw new AppError('invoice_not_cancellable', 'A cancellation document cannot be cancelled');
  }
  const alreadyCancelled = () =>
    new AppError('invoice_already_cancelled', `Invoice ${original.number} is already cancelled`);
  if (original.status !== 'issued') throw alreadyCancelled();
  const settings = await requireSellerSettings(deps.db);
  const lines = await findInvoiceLines(deps.db, id);
  const content = documentContent(
    lines.map((line) => ({
      id: line.charge_id,
      typeCode: line.type_code,
      treatment: treatmentOf(line.vat_category, line.vat_rate_basis_points),
      exemptionNote: line.exemption_note,
      description: line.description,
      quantityThousandths: line.quantity_thousandths,
      unitPriceCents: line.unit_price_cents,
      serviceDate: line.service_date,
      serviceDateTo: line.service_date_to,
    })),
    original.language,
    -1,
    original.number,
  );
  const issueDate = berlinDate(deps.clock.now());
  const cancellationId = newId();
  await deps.db.transaction().execute(async (trx) => {
    // The guard against a parallel cancellation: only one UPDATE finds the invoice still issued.
    const marked = await trx
      .updateTable('invoice')
      .set({ status: 'cancelled', cancelled_by_invoice_id: cancellationId })
      .where('id', '=', id)
      .where('status', '=', 'issued')
      .executeTakeFirst();
    if (Number(marked.numUpdatedRows) !== 1) throw alreadyCancelled();
    await writeDocument(
      trx,
      deps,
      scope,
      { prefix: original.series, numbering: original.numbering },
      {
        id: cancellationId,
        customerId: original.customer_id,
        kind: 'cancellation',
        cancelsInvoiceId: original.id,
        content,
        seller: sellerSnapshot(settings),
        buyer: JSON.parse(original.buyer) as BuyerSnapshot,
        language: original.language,
        issueDate,
        dueDate: issueDate,
        splitReason: null,
        cancelReason: reason,
      },
    );
    await trx.updateTable('charge').set({ invoice_id: null }).where('invoice_id', '=', id).execute();
    await recordAudit(trx, scope, deps.clock, {
      action: 'invoice.cancelled',
      entityType: 'invoice',
      entityId: id,
      before: { status: 'issued' },
      after: { status: 'cancelled', cancelledByInvoiceId: cancellationId, reason },
    });
  });
  return {
    cancellation: await getInvoice(deps, scope, cancellationId),
    cancelled: await getInvoice(deps, scope, id),
  };
}
