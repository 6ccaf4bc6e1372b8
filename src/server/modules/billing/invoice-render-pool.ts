import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { InvoiceDocumentFormat } from './billing.table';
import type { InvoiceModel } from './invoice-model';

// Rendering a PDF and the e-invoices is pure CPU work (text layout, font subsetting, XML
// building): tens of milliseconds per invoice. Done on the request's thread it would stall the
// server's event loop for every other request meanwhile and use one core only, so documents are
// rendered in a small pool of worker threads, one per core, started at the first render and
// idle (unref'd, holding no process open) when there is nothing to do. Our own few lines rather
// than a pool library: one message type, no cancellation or resizing needed, and no dependency.
// The workers run the same renderer, so the bytes are the same as rendered in place.

type Job = {
  id: number;
  model: InvoiceModel;
  formats: readonly InvoiceDocumentFormat[];
  pdf?: Uint8Array;
  resolve: (rendered: Map<InvoiceDocumentFormat, Buffer>) => void;
  reject: (error: Error) => void;
};
type Reply = { id: number; documents?: [InvoiceDocumentFormat, Uint8Array][]; error?: string };
type Slot = { worker: Worker; job?: Job };

const POOL_SIZE = Math.max(1, Math.min(4, availableParallelism()));
const WORKER_URL = new URL('./invoice-render-worker.mjs', import.meta.url);

const slots: Slot[] = [];
const queue: Job[] = [];
let nextId = 1;

function startSlot(): Slot {
  const slot: Slot = { worker: new Worker(WORKER_URL) };
  slot.worker.on('message', (reply: Reply) => {
    const job = slot.job;
    slot.job = undefined;
    if (job && job.id === reply.id) {
      if (reply.error !== undefined) job.reject(new Error(reply.error));
      else job.resolve(new Map(reply.documents!.map(([format, bytes]) => [format, Buffer.from(bytes)])));
    }
    dispatch();
  });
  // A dead worker fails its job and leaves the pool; the next job starts a fresh one.
  const fail = (error: Error) => {
    if (slots.includes(slot)) slots.splice(slots.indexOf(slot), 1);
    slot.job?.reject(error);
    slot.job = undefined;
    dispatch();
  };
  slot.worker.on('error', fail);
  slot.worker.on('exit', (code) => {
    if (slots.includes(slot)) fail(new Error(`invoice render worker exited with code ${code}`));
  });
  slots.push(slot);
  return slot;
}

function dispatch() {
  while (queue.length > 0) {
    const slot =
      slots.find((candidate) => !candidate.job) ?? (slots.length < POOL_SIZE ? startSlot() : undefined);
    if (!slot) break;
    const job = queue.shift()!;
    slot.job = job;
    slot.worker.ref();
    slot.worker.postMessage({ id: job.id, model: job.model, formats: job.formats, pdf: job.pdf });
  }
  for (const slot of slots) if (!slot.job) slot.worker.unref();
}

/** The formats of one invoice rendered on a worker thread (see renderInvoiceFormats). */
export function renderInvoiceDocuments(
  model: InvoiceModel,
  formats: readonly InvoiceDocumentFormat[],
  storedPdf?: Buffer,
): Promise<Map<InvoiceDocumentFormat, Buffer>> {
  return new Promise((resolve, reject) => {
    queue.push({
      id: nextId++,
      model,
      formats,
      ...(storedPdf ? { pdf: new Uint8Array(storedPdf) } : {}),
      resolve,
      reject,
    });
    dispatch();
  });
}
