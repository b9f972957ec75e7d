/** Formatting of figures and the one results table (plain text for the console, Markdown for RESULTS.md). */

export const ms = (v) =>
  v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(v < 100 ? 1 : 0)} ms`;
export const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
export const bytes = (b) => `${b.toLocaleString('en-US')} B (${mib(b)})`;

/** "123 ms (110–140)": median with min and max. */
export const spread = (s, fmt = ms) => `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`;
export const ratio = (r) => `${r.median.toFixed(2)}x (${r.min.toFixed(2)}–${r.max.toFixed(2)})`;

export const COLUMNS = [
  ['goal', 'Measure'],
  ['measured', 'Ours: median (min–max)'],
  ['baseline', 'Against: median (min–max)'],
  ['ratio', 'Ratio: median (min–max)'],
  ['target', 'Goal'],
  ['result', 'Result'],
];

export function resultOf(pass) {
  return pass === true ? 'PASS' : pass === false ? 'FAIL' : pass === 'info' ? 'info' : 'n/a';
}

function cells(row) {
  return COLUMNS.map(([key]) => (key === 'result' ? resultOf(row.pass) : String(row[key] ?? '—')));
}

export function textTable(rows) {
  const body = rows.map(cells);
  const head = COLUMNS.map(([, title]) => title);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => c.padEnd(widths[i])).join(' | ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('-+-'), ...body.map(line)].join('\n');
}

export function markdownTable(rows) {
  const esc = (c) => c.replace(/\|/g, '\\|');
  const head = `| ${COLUMNS.map(([, t]) => t).join(' | ')} |`;
  const rule = `|${COLUMNS.map(() => '---').join('|')}|`;
  return [head, rule, ...rows.map((r) => `| ${cells(r).map(esc).join(' | ')} |`)].join('\n');
}
