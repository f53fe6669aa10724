// Reporters: the table on stdout, bench/results.json, and bench/RESULTS.md with the machine,
// the date, the commit, and for every missed target why and what would close it.
import { execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem, release } from 'node:os';
import { join } from 'node:path';
import { targetText } from './harness';
import type { Figure, RowResult } from './harness';

export interface Report {
  date: string;
  commit: string;
  dirty: boolean;
  quick: boolean;
  machine: { cpu: string; cores: number; memoryGb: number; node: string; os: string; load: number[]; speed?: { atStartMs: number; atEndMs: number } };
  rows: RowResult[];
}

export function machineReport(quick: boolean, rows: RowResult[], load: number[], speed?: { atStartMs: number; atEndMs: number }): Report {
  const git = (cmd: string) => { try { return execSync(cmd, { encoding: 'utf8' }).trim(); } catch { return 'unknown'; } };
  return {
    date: new Date().toISOString(),
    commit: git('git rev-parse HEAD'),
    // The reports themselves are this run's output, not a change to what was measured.
    dirty: git("git status --porcelain -- . ':!bench/results.json' ':!bench/RESULTS.md'") !== '',
    quick,
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version, os: `${process.platform} ${release()}`, load, ...(speed ? { speed } : {}),
    },
    rows,
  };
}

/** The yardstick (bench/speed.ts): the same code, timed at both ends of the run, to compare runs by. */
export function speedText(speed: Report['machine']['speed']): string {
  if (!speed) return '';
  return ` Speed reference (bench/speed.ts: JSON.parse + stringify of a fixed 4 MB text, lower is faster): ${speed.atStartMs.toFixed(1)} ms at the start, ${speed.atEndMs.toFixed(1)} ms at the end.`;
}

function num(value: number, unit: string): string {
  if (!Number.isFinite(value)) return String(value);
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : Math.abs(value) >= 1 ? 2 : 3;
  return `${value.toFixed(digits)} ${unit}`.trim();
}

function cells(row: RowResult, f: Figure): string[] {
  return [
    String(row.id), f.label, num(f.value, f.unit), `${num(f.baseline, f.unit)} (${f.baselineLabel})`,
    `${f.ratio.toFixed(2)}×`, targetText(f), f.met ? 'met' : 'MISSED',
  ];
}

const HEAD = ['#', 'figure', 'median', 'baseline (same run)', 'ratio', 'target', 'result'];

export function table(rows: RowResult[]): string {
  const lines: string[][] = [HEAD];
  for (const row of rows) {
    if (row.error) lines.push([String(row.id), row.title, 'ERROR', row.error.split('\n')[0]!, '', '', 'MISSED']);
    for (const f of row.figures) lines.push(cells(row, f));
  }
  const widths = HEAD.map((_, i) => Math.min(60, Math.max(...lines.map((l) => (l[i] ?? '').length))));
  return lines.map((l) => l.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n');
}

export function writeReports(dir: string, report: Report): void {
  writeFileSync(join(dir, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(dir, 'RESULTS.md'), markdown(report));
}

function markdown(r: Report): string {
  const m = r.machine;
  const out = [
    '# Bench results', '',
    `Written by \`npm run bench${r.quick ? ' -- --quick' : ''}\` on ${r.date}, commit \`${r.commit.slice(0, 12)}\`${r.dirty ? ' (with uncommitted changes)' : ''}.`,
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}, Node ${m.node}; load average at start ${m.load.map((l) => l.toFixed(2)).join(' / ')}.${speedText(m.speed)}`,
    'Every figure is the median of several runs beside a baseline measured in the same run (the machine is shared: absolute times drift, ratios hold better). A missed target is printed as missed.', '',
    `| ${HEAD.join(' | ')} |`, `| ${HEAD.map(() => '---').join(' | ')} |`,
  ];
  for (const row of r.rows) {
    if (row.error) out.push(`| ${row.id} | ${row.title} | ERROR: ${row.error.split('\n')[0]} | | | | MISSED |`);
    for (const f of row.figures) out.push(`| ${cells(row, f).join(' | ')} |`);
  }
  out.push('', '## How each row was measured', '');
  for (const row of r.rows) {
    out.push(`**${row.id}. ${row.title}** (${row.seconds.toFixed(0)} s)`, '');
    for (const note of row.notes) out.push(`- ${note}`);
    out.push('');
  }
  const missed = r.rows.filter((row) => row.error || row.figures.some((f) => !f.met));
  out.push('## Missed targets: why, and what would close them', '');
  if (missed.length === 0) out.push('None.');
  for (const row of missed) {
    const which = row.figures.filter((f) => !f.met).map((f) => `${f.label} (${f.ratio.toFixed(2)}×, target ${targetText(f)})`);
    out.push(`### ${row.id}. ${row.title}`, '', `Missed: ${row.error ? `the row failed: ${row.error}` : which.join('; ')}.`, '');
    if (row.missed) out.push(`Why: ${row.missed.why}`, '', `What would close it: ${row.missed.close}`, '');
  }
  return `${out.join('\n')}\n`;
}
