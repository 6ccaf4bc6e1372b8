import { createHash } from 'node:crypto';

// ZUGFeRD / Factur-X as an incremental update of the invoice's own PDF/A-3: the finished PDF's
// bytes stay as they are, and the update appends the CII as factur-x.xml (an embedded file with
// AFRelationship /Alternative, referenced from the catalog's /AF and the EmbeddedFiles name
// tree) and the XMP metadata with the Factur-X extension schema. PDF/A allows incremental
// updates, and the PDF and the ZUGFeRD document then show the very same pages. It replaces
// loading and saving the whole PDF again with pdf-lib, which cost as much as drawing it.
// The PDF is pdfkit's: uncompressed dictionaries, a classic xref table, an uncompressed XMP
// stream; anything else is refused rather than guessed at.

const FACTUR_X_FILE = 'factur-x.xml';

type PdfObject = { number: number; body: string };

function latin1(bytes: Buffer): string {
  return bytes.toString('latin1');
}

/** The dictionary text of an object `n 0 obj … endobj` (for a stream: its dictionary and data). */
function readObject(text: string, number: number): PdfObject {
  const start = text.lastIndexOf(`\n${number} 0 obj\n`);
  if (start < 0) throw new Error(`PDF object ${number} not found`);
  const from = start + `\n${number} 0 obj\n`.length;
  const end = text.indexOf('\nendobj', from);
  return { number, body: text.slice(from, end) };
}

function reference(dictionary: string, key: string): number {
  const match = new RegExp(`/${key} (\\d+) 0 R`).exec(dictionary);
  if (!match) throw new Error(`PDF has no /${key} reference`);
  return Number(match[1]);
}

/** A dictionary with entries added before its closing `>>` (after removing the given keys). */
function withEntries(dictionary: string, remove: string[], add: string): string {
  let body = dictionary.trimEnd();
  for (const key of remove) body = body.replace(new RegExp(`\\n/${key} [^\\n]*`), '');
  if (!body.endsWith('>>')) throw new Error('PDF dictionary not in the expected form');
  return `${body.slice(0, -2).trimEnd()}${add}\n>>`;
}

/** PDF date from an ISO timestamp: D:YYYYMMDDHHmmSSZ. */
function pdfDate(iso: string): string {
  return `D:${iso.replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The Factur-X part of the XMP: the extension schema (PDF/A wants it declared) and its values. */
function facturXmp(conformanceLevel: string): string {
  const property = (name: string, description: string) => `
              <rdf:li rdf:parseType="Resource">
                <pdfaProperty:name>${name}</pdfaProperty:name>
                <pdfaProperty:valueType>Text</pdfaProperty:valueType>
                <pdfaProperty:category>external</pdfaProperty:category>
                <pdfaProperty:description>${escapeXml(description)}</pdfaProperty:description>
              </rdf:li>`;
  return `
        <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
          <pdfaExtension:schemas>
            <rdf:Bag>
              <rdf:li rdf:parseType="Resource">
                <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
                <pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>
                <pdfaSchema:prefix>fx</pdfaSchema:prefix>
                <pdfaSchema:property>
                  <rdf:Seq>${property('DocumentFileName', 'The name of the embedded XML document')}${property('DocumentType', 'The type of the hybrid document in capital letters, e.g. INVOICE or ORDER')}${property('Version', 'The actual version of the standard applying to the embedded XML document')}${property('ConformanceLevel', 'The conformance level of the embedded XML document')}
                  </rdf:Seq>
                </pdfaSchema:property>
              </rdf:li>
            </rdf:Bag>
          </pdfaExtension:schemas>
        </rdf:Description>
        <rdf:Description rdf:about="" xmlns:fx="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#">
          <fx:DocumentType>INVOICE</fx:DocumentType>
          <fx:DocumentFileName>${FACTUR_X_FILE}</fx:DocumentFileName>
          <fx:Version>1.0</fx:Version>
          <fx:ConformanceLevel>${escapeXml(conformanceLevel)}</fx:ConformanceLevel>
        </rdf:Description>
`;
}

/**
 * The given PDF/A-3 (pdfkit's output) with the Factur-X XML embedded, as an incremental update.
 * `createdAt` dates the embedded file, so the same inputs give the same bytes.
 */
export function embedFacturX(
  pdf: Buffer,
  xml: Buffer,
  options: { createdAt: string; conformanceLevel: string },
): Buffer {
  const text = latin1(pdf);
  const tail = text.slice(text.lastIndexOf('trailer'));
  const startxref = /startxref\s+(\d+)/.exec(tail);
  const size = /\/Size (\d+)/.exec(tail);
  const id = /\/ID (\[<[0-9a-f]+> <[0-9a-f]+>\])/i.exec(tail);
  if (!startxref || !size || !id || /\/Prev /.test(tail))
    throw new Error('PDF trailer not in the expected form');
  const rootNumber = reference(tail, 'Root');
  const infoNumber = reference(tail, 'Info');
  const catalog = readObject(text, rootNumber);
  const names = readObject(text, reference(catalog.body, 'Names'));
  const metadata = readObject(text, reference(catalog.body, 'Metadata'));
  const xmpStart = metadata.body.indexOf('stream\n') + 'stream\n'.length;
  const xmpEnd = metadata.body.lastIndexOf('\nendstream');
  const xmp = Buffer.from(metadata.body.slice(xmpStart, xmpEnd), 'latin1').toString('utf8');
  const rdfEnd = xmp.lastIndexOf('</rdf:RDF>');
  if (xmpStart < 'stream\n'.length || rdfEnd < 0) throw new Error('PDF metadata not in the expected form');
  const newXmp = Buffer.from(
    `${xmp.slice(0, rdfEnd)}${facturXmp(options.conformanceLevel)}${xmp.slice(rdfEnd)}`,
    'utf8',
  );

  const next = Number(size[1]);
  const fileNumber = next;
  const specNumber = next + 1;
  const metadataNumber = next + 2;
  const date = pdfDate(options.createdAt);
  const checksum = createHash('md5').update(xml).digest('hex');
  const parts: Buffer[] = [pdf, Buffer.from(pdf.at(-1) === 0x0a ? '' : '\n')];
  let offset = pdf.length + parts[1]!.length;
  const offsets = new Map<number, number>();
  const add = (number: number, head: string, stream?: Buffer) => {
    offsets.set(number, offset);
    const chunks: Buffer[] = [Buffer.from(`${number} 0 obj\n${head}\n`, 'latin1')];
    if (stream) chunks.push(Buffer.from('stream\n'), stream, Buffer.from('\nendstream\n'));
    chunks.push(Buffer.from('endobj\n'));
    for (const chunk of chunks) {
      parts.push(chunk);
      offset += chunk.length;
    }
  };
  add(
    fileNumber,
    `<<\n/Type /EmbeddedFile\n/Subtype /text#2Fxml\n/Params << /Size ${xml.length} /CreationDate (${date}) /ModDate (${date}) /CheckSum <${checksum}> >>\n/Length ${xml.length}\n>>`,
    xml,
  );
  add(
    specNumber,
    `<<\n/Type /Filespec\n/F (${FACTUR_X_FILE})\n/UF (${FACTUR_X_FILE})\n/Desc (Factur-X)\n/AFRelationship /Alternative\n/EF << /F ${fileNumber} 0 R /UF ${fileNumber} 0 R >>\n>>`,
  );
  add(metadataNumber, `<<\n/Type /Metadata\n/Subtype /XML\n/Length ${newXmp.length}\n>>`, newXmp);
  add(
    names.number,
    withEntries(
      names.body,
      ['EmbeddedFiles'],
      `\n/EmbeddedFiles << /Names [(${FACTUR_X_FILE}) ${specNumber} 0 R] >>`,
    ),
  );
  add(
    rootNumber,
    withEntries(
      catalog.body,
      ['Metadata', 'AF'],
      `\n/Metadata ${metadataNumber} 0 R\n/AF [${specNumber} 0 R]`,
    ),
  );

  // The xref section of the update: one subsection per run of consecutive object numbers.
  const numbers = [...offsets.keys()].sort((a, b) => a - b);
  let xref = 'xref\n0 1\n0000000000 65535 f \n';
  for (let index = 0; index < numbers.length; ) {
    let end = index;
    while (end + 1 < numbers.length && numbers[end + 1] === numbers[end]! + 1) end += 1;
    xref += `${numbers[index]} ${end - index + 1}\n`;
    for (let at = index; at <= end; at += 1) {
      xref += `${String(offsets.get(numbers[at]!)).padStart(10, '0')} 00000 n \n`;
    }
    index = end + 1;
  }
  const xrefOffset = offset;
  xref += `trailer\n<<\n/Size ${metadataNumber + 1}\n/Root ${rootNumber} 0 R\n/Info ${infoNumber} 0 R\n/ID ${id[1]}\n/Prev ${startxref[1]}\n>>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  parts.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(parts);
}
