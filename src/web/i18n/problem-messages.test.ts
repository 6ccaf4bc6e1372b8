// Every problem code the API can answer with has a message in German and English, so the web app
// never shows the API's own (English, technical) detail. The codes are collected twice: from the
// central list (src/shared/problems.ts) and from the server's source, where a code could be
// written without going through AppError's typed constructor.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROBLEM_CODES, PROBLEM_STATUS } from '../../shared/problems';
import de from './de.json';
import en from './en.json';

const SERVER = join(__dirname, '..', '..', 'server');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.includes('.test.') ? [path] : [];
  });
}

/** Codes the server's source names where a problem is made: `new AppError('x'`, a problem body's `code: 'x'`. */
function codesInSource(): Set<string> {
  const codes = new Set<string>();
  for (const file of sourceFiles(SERVER)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/new AppError\(\s*'(\w+)'/g)) codes.add(m[1] ?? '');
    // Problem bodies sent by hand (the not-found handler) and coded refusals (leads.ts).
    if (text.includes('application/problem+json') || text.includes('new AppError(')) {
      for (const m of text.matchAll(/\bcode: '(\w+)',\s*(?:message|requestId|\n\s*message)/g))
        codes.add(m[1] ?? '');
      for (const m of text.matchAll(/\bcode: '(\w+)',\s*\n\s*requestId/g)) codes.add(m[1] ?? '');
    }
  }
  return codes;
}

type Tree = { [key: string]: string | Tree };
const messages = {
  de: ((de as Tree).errors as Tree).codes as Tree,
  en: ((en as Tree).errors as Tree).codes as Tree,
};

describe('problem messages', () => {
  it('the server names no problem code outside the central list', () => {
    const unknown = [...codesInSource()].filter((code) => !(code in PROBLEM_STATUS));
    expect(unknown).toEqual([]);
  });

  it('finds the codes the source throws (the scan works)', () => {
    const found = codesInSource();
    for (const code of ['conflict', 'forbidden', 'not_found', 'survey_expired', 'lead_closed'])
      expect(found, code).toContain(code);
  });

  it('every problem code has a German and an English message', () => {
    const missing = [...new Set([...PROBLEM_CODES, ...codesInSource()])].flatMap((code) =>
      (['de', 'en'] as const)
        .filter((lang) => typeof messages[lang][code] !== 'string' || messages[lang][code] === '')
        .map((lang) => `${lang}:errors.codes.${code}`),
    );
    expect(missing).toEqual([]);
  });
});
