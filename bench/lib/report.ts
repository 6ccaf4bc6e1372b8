import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, totalmem, type } from 'node:os';

export type Machine = {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  os: string;
  /** 1-minute load average when the run started: other work on the machine skews every figure. */
  loadAverageAtStart: number;
};

export function machineInfo(): Machine {
  return {
    // Same number `nproc` prints: the CPUs this process may use.
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${type()} ${release()}`,
    loadAverageAtStart: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

/** True when other processes already kept about half the CPUs busy before the bench started. */
export function machineWasBusy(machine: Machine): boolean {
  return machine.loadAverageAtStart > machine.cpus / 2;
}

export function describeMachine(machine: Machine): string {
  return `${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB RAM, Node ${machine.node}, ${machine.os}`;
}

/** A table as rows of cells; the first row is the header. */
export type Table = string[][];

export function consoleTable(table: Table): string {
  const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  const [header, ...body] = table;
  return [line(header!), widths.map((width) => '-'.repeat(width)).join('  '), ...body.map(line)].join('\n');
}

export function markdownTable(table: Table): string {
  const [header, ...body] = table;
  const line = (row: string[]) => `| ${row.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(header!), `|${header!.map(() => ' --- ').join('|')}|`, ...body.map(line)].join('\n');
}

const markers = (id: string) => ({ start: `<!-- bench:${id}:start -->`, end: `<!-- bench:${id}:end -->` });

/**
 * Replaces the section `id` (between its HTML comment markers) in markdown, or appends it when it
 * is missing. Each bench owns one section, so re-running one bench leaves the others' figures alone.
 */
export function replaceSection(markdown: string, id: string, content: string): string {
  const { start, end } = markers(id);
  const block = `${start}\n${content.trim()}\n${end}`;
  const from = markdown.indexOf(start);
  const to = markdown.indexOf(end, from);
  if (from >= 0 && to > from) return `${markdown.slice(0, from)}${block}${markdown.slice(to + end.length)}`;
  return `${markdown.trimEnd()}${markdown.trim() === '' ? '' : '\n\n'}${block}\n`;
}

/** Writes the given sections into the benchmarks document, creating it when needed. */
export function updateBenchmarksDoc(path: string, sections: { id: string; content: string }[]): void {
  let markdown = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  for (const section of sections) markdown = replaceSection(markdown, section.id, section.content);
  writeFileSync(path, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
}
