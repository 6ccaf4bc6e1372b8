// The e-invoice library turns its CII or UBL object into XML with xmlbuilder2, which builds a
// whole DOM first and was most of an e-invoice's time. This writes the same text from the same
// object directly: elements in key order, `key@attr` already moved into `@attr` by the library,
// arrays as repeated elements, tab-indented as the library asks xmlbuilder2 to. A test compares
// it with the library's own output for every kind of invoice we issue.

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#x9;')
    .replace(/\n/g, '&#xA;')
    .replace(/\r/g, '&#xD;');
}

type XmlObject = { [key: string]: XmlValue };
type XmlValue = string | number | boolean | null | undefined | XmlObject | XmlValue[];

function element(name: string, value: XmlValue, depth: number, out: string[]) {
  if (Array.isArray(value)) {
    for (const item of value) element(name, item, depth, out);
    return;
  }
  const indent = '\t'.repeat(depth);
  if (value === null || value === undefined || typeof value !== 'object') {
    const text = value === null || value === undefined ? '' : String(value);
    out.push(text === '' ? `${indent}<${name}/>` : `${indent}<${name}>${escapeText(text)}</${name}>`);
    return;
  }
  let attributes = '';
  let text: string | undefined;
  const children: [string, XmlValue][] = [];
  // A `#` key holding an object or array is xmlbuilder2's way of giving the element's content
  // in parts: its keys belong to this same element.
  const collect = (content: XmlObject) => {
    for (const [key, child] of Object.entries(content)) {
      if (key.startsWith('@')) attributes += ` ${key.slice(1)}="${escapeAttribute(String(child))}"`;
      else if (key === '#' && Array.isArray(child)) {
        for (const part of child) {
          if (part !== null && typeof part === 'object') collect(part as XmlObject);
          else text = (text ?? '') + String(part);
        }
      } else if (key === '#' && child !== null && typeof child === 'object') collect(child as XmlObject);
      else if (key === '#') text = (text ?? '') + String(child);
      else children.push([key, child]);
    }
  };
  collect(value);
  if (children.length === 0) {
    out.push(
      text === undefined || text === ''
        ? `${indent}<${name}${attributes}/>`
        : `${indent}<${name}${attributes}>${escapeText(text)}</${name}>`,
    );
    return;
  }
  if (text !== undefined) throw new Error(`XML element ${name} with text and children`);
  out.push(`${indent}<${name}${attributes}>`);
  for (const [key, child] of children) element(key, child, depth + 1, out);
  out.push(`${indent}</${name}>`);
}

/** The XML text of the library's prepared object (one root element), as its renderXML writes it. */
export function writeXml(data: Record<string, unknown>): string {
  const out = ['<?xml version="1.0" encoding="utf-8"?>'];
  for (const [name, value] of Object.entries(data)) element(name, value as XmlValue, 0, out);
  return out.join('\n');
}
