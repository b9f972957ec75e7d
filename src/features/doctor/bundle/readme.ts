import type { ReportMeta } from '../format.js';
import { MIN_SECRET_LENGTH, PATTERNS, type RedactionCounts } from './redact.js';

export interface PartRecord {
  name: string;
  files: string[];
  notes: string[];
  error?: string;
}

export interface ReadmeInput {
  meta: ReportMeta;
  now: Date;
  toolVersion: string;
  logLines: number;
  parts: readonly PartRecord[];
  /** Names of the Secrets whose values were searched for. */
  secretsSearched: readonly string[];
  /** How many Secret values (key by key) were known. */
  valuesSearched: number;
  skippedShort: number;
  /** file → what was removed from it. */
  redactions: ReadonlyMap<string, RedactionCounts>;
}

/** The README inside the bundle: what was collected, what could not be, and what was removed. */
export function bundleReadme(r: ReadmeInput): string {
  const out: string[] = [
    '# probuilder-setup support bundle',
    '',
    `Made by probuilder-setup ${r.toolVersion} on ${r.now.toISOString()} for release ${r.meta.release} in namespace ${r.meta.namespace},`,
    `context ${r.meta.cluster.context} (${r.meta.cluster.server}).`,
    '',
    '## What was collected',
    '',
  ];
  for (const p of r.parts) {
    out.push(`- ${p.name}${p.error ? ` — ${p.files.length ? 'partly collected' : 'not collected'}: ${p.error}` : ''}`);
    for (const f of p.files) out.push(`  - ${f}`);
    for (const n of p.notes) out.push(`  - note: ${n}`);
  }
  out.push(
    '',
    `Logs are the last ${r.logLines} lines of each container's current run and, where there was one, its previous run.`,
    'Secrets are listed by name, type, keys and lengths only (secrets.txt); their values are not in this bundle.',
    '',
    '## What was removed',
    '',
    `Every value of the Secrets read (${r.secretsSearched.join(', ') || 'none could be read'}; ${r.valuesSearched} values, with the`,
    'passwords inside docker config.json auth fields, credentials-file entries and each line of a PEM) was searched for in',
    'every file raw, JSON-escaped, URL-encoded and base64 (at any alignment, with and without a trailing newline, and',
    'base64url), and replaced with `[REDACTED secret <name>/<key>]`.',
    `Values shorter than ${MIN_SECRET_LENGTH} characters were not searched for (${r.skippedShort} skipped).`,
    `Token shapes were replaced whether known or not: ${[...new Set(PATTERNS.map((p) => p.name))].join(', ')}.`,
    '',
  );
  if (!r.redactions.size) out.push('Nothing matched: no file held a secret value or a token shape.');
  for (const [file, counts] of r.redactions) {
    out.push(`- ${file}: ${[...counts].map(([label, n]) => `${n} × ${label}`).join(', ')}`);
  }
  return `${out.join('\n')}\n`;
}
