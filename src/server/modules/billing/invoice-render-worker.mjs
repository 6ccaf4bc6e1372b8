// A render thread of the invoice document pool (invoice-render-pool.ts). Plain JavaScript so
// that it starts the same under the server, the bench and vitest: it loads the TypeScript
// renderer through tsx's loader itself.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { renderInvoiceFormats } = await import('./invoice-render.ts');

parentPort.on('message', async ({ id, model, formats, pdf }) => {
  try {
    const rendered = await renderInvoiceFormats(model, formats, pdf ? Buffer.from(pdf) : undefined);
    const documents = [...rendered].map(([format, bytes]) => [format, new Uint8Array(bytes)]);
    parentPort.postMessage({ id, documents });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
