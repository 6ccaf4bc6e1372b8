import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CASE_STATUSES, CASE_TYPES, PRIORITIES, VISIBILITIES } from '../shared/cases';
import { OPERATOR_ROLES, ORGANISATION_KINDS, ROLES } from '../shared/roles';

// Two rules of the layout that no type checker enforces: a module changes only its own tables
// (others go through its service, so their events, search text and audit entries follow), and the
// vocabularies web and server share are declared once, in src/shared.

const SRC = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** Table name → the folder (below src/server) whose table file declares it, read from the Database interface. */
function tableOwners(): Map<string, string> {
  const database = readFileSync(join(SRC, 'server/db/database.ts'), 'utf8');
  const fromFile = new Map<string, string>();
  for (const match of database.matchAll(/import type \{([^}]*)\} from '\.\.\/([^']*)'/g)) {
    for (const name of match[1]!.split(',')) fromFile.set(name.replace('type ', '').trim(), match[2]!);
  }
  const owners = new Map<string, string>();
  for (const match of database.matchAll(/^ {2}(\w+): (\w+);$/gm)) {
    const file = fromFile.get(match[2]!);
    owners.set(match[1]!, file ? file.slice(0, file.lastIndexOf('/')) : 'db');
  }
  // The search tables sit outside Database (they differ per dialect).
  owners.set('case_search', 'modules/search');
  return owners;
}

/** The folder below src/server a file belongs to: `modules/<name>`, or `jobs`, `db`, `shared` … */
function folderOf(file: string): string {
  const parts = relative(join(SRC, 'server'), file).split('/');
  return parts[0] === 'modules' ? `modules/${parts[1]}` : parts[0]!;
}

describe('module boundaries', () => {
  it('lets each module change only the tables it declares', () => {
    const owners = tableOwners();
    expect(owners.get('support_case')).toBe('modules/cases');
    expect(owners.get('timer')).toBe('jobs');
    const trespasses: string[] = [];
    for (const file of sourceFiles(join(SRC, 'server'))) {
      const folder = folderOf(file);
      // Migrations create every table; the demo seeds through services but also sets raw demo rows.
      if (folder === 'db' || folder === 'modules/demo') continue;
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\.(insertInto|updateTable|deleteFrom|replaceInto)\(\s*'(\w+)'/g)) {
        const owner = owners.get(match[2]!);
        // The counter table serves every module's human numbers through shared/counter.ts.
        if (owner === 'db' && folder === 'shared') continue;
        if (owner !== folder)
          trespasses.push(`${relative(SRC, file)}: ${match[1]} '${match[2]}' (owned by ${owner})`);
      }
    }
    expect(trespasses).toEqual([]);
  });

  it('declares the shared vocabularies once, in src/shared', () => {
    const vocabularies = [
      CASE_TYPES,
      CASE_STATUSES,
      PRIORITIES,
      VISIBILITIES,
      ROLES,
      OPERATOR_ROLES,
      ORGANISATION_KINDS,
    ];
    // A list literal of the same words in the same order, wherever it is written again.
    const patterns = vocabularies.map(
      (words) => new RegExp(`\\[\\s*${words.map((w) => `'${w}'`).join(',\\s*')},?\\s*\\]`),
    );
    const copies: string[] = [];
    for (const file of [...sourceFiles(join(SRC, 'server')), ...sourceFiles(join(SRC, 'web'))]) {
      const text = readFileSync(file, 'utf8');
      for (const [i, pattern] of patterns.entries()) {
        if (pattern.test(text)) copies.push(`${relative(SRC, file)} repeats ${vocabularies[i]!.join(', ')}`);
      }
    }
    expect(copies).toEqual([]);
  });
});
