import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * scripts/audit, which scripts/test (CI) runs: judged on saved `npm audit --json` reports
 * (PBS_AUDIT_REPORT), so no request reaches a registry.
 */
const script = resolve(import.meta.dirname, '../../scripts/audit');

function report(vulnerabilities: Record<string, { severity: string; range: string }>): unknown {
  const count = (s: string) => Object.values(vulnerabilities).filter((v) => v.severity === s).length;
  return {
    auditReportVersion: 2,
    vulnerabilities: Object.fromEntries(Object.entries(vulnerabilities).map(([name, v]) => [name, { name, ...v, fixAvailable: true }])),
    metadata: {
      vulnerabilities: { info: 0, low: count('low'), moderate: count('moderate'), high: count('high'), critical: count('critical') },
      dependencies: { prod: 1, dev: 400, total: 400 },
    },
  };
}

async function audit(saved: unknown, env: Record<string, string> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'pbs-audit-'));
  const file = join(dir, 'audit.json');
  await writeFile(file, JSON.stringify(saved));
  const r = spawnSync('bash', [script], { encoding: 'utf8', env: { ...process.env, PBS_AUDIT_REPORT: file, ...env } });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('scripts/audit (dependency audit in CI)', () => {
  it('fails on a high or a critical advisory, naming the package', async () => {
    const high = await audit(report({ 'some-lib': { severity: 'high', range: '<1.2.3' }, other: { severity: 'low', range: '*' } }));
    expect(high.code, high.out).toBe(1);
    expect(high.out).toMatch(/^ {2}high: some-lib <1\.2\.3/m);
    const critical = await audit(report({ 'core-lib': { severity: 'critical', range: '<2.0.0' } }));
    expect(critical.code, critical.out).toBe(1);
    expect(critical.out).toMatch(/^ {2}critical: core-lib <2\.0\.0/m);
  });

  it('passes with moderate and low advisories only, counting them', async () => {
    const r = await audit(report({ a: { severity: 'moderate', range: '*' }, b: { severity: 'low', range: '*' } }));
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/dependency audit: 0 critical, 0 high, 1 moderate, 1 low \(400 packages\)/);
  });

  it('says it has no verdict (and does not fail) when the registry refused the advisory request', async () => {
    const r = await audit({ error: { code: 'E405', summary: '405 Method Not Allowed - POST /-/npm/v1/security/advisories/bulk' } });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/dependency audit could not run: 405 Method Not Allowed/);
    expect(r.out).toMatch(/no verdict/);
  });

  it('asks npm about the dev dependencies too: every bundled package is one, and NODE_ENV=production would leave them out', async () => {
    // Only to see the command line: an npm that records its arguments and prints a clean report.
    const dir = await mkdtemp(join(tmpdir(), 'pbs-audit-npm-'));
    const argsFile = join(dir, 'args');
    await writeFile(join(dir, 'npm'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\nprintf '%s' '${JSON.stringify(report({}))}'\n`);
    await chmod(join(dir, 'npm'), 0o755);
    const r = spawnSync('bash', [script], {
      encoding: 'utf8',
      env: { ...process.env, PBS_AUDIT_REPORT: '', NODE_ENV: 'production', PATH: `${dir}${delimiter}${process.env['PATH'] ?? ''}` },
    });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    const args = (await readFile(argsFile, 'utf8')).trim().split('\n');
    expect(args.slice(0, 2)).toEqual(['audit', '--json']);
    expect(args).toContain('--include=dev');
  });
});
