import { describe, expect, it } from 'vitest';
import type { CheckOutcome, CheckStatus } from '../types.js';
import { planFixes } from './plan.js';
import { formatFixPlan, formatTransitions, toFixJson, transitions } from './report.js';
import type { FixFacts } from './types.js';

function row(checkId: string, status: CheckStatus, item?: string, fix?: string): CheckOutcome {
  return {
    id: item ? `${checkId}/${item}` : checkId,
    checkId,
    category: 'Secrets',
    description: checkId,
    status,
    summary: `${checkId} ${status}`,
    evidence: [],
    fix,
    durationMs: 0,
  };
}

const facts: FixFacts = {
  namespace: 'ns',
  release: 'pro-builder',
  valuesFile: 'custom-values.yaml',
  outputDir: '/out',
  chartVersion: '0.4.19',
  generation: 'mtls',
  deploymentName: 'pro-builder',
  localPayload: 'missing',
  payloadSecret: { ours: false },
  certSecrets: {},
};
const meta = { cluster: { context: 'kind', server: 'https://127.0.0.1:6443' }, namespace: 'ns', release: 'pro-builder' };

describe('formatFixPlan', () => {
  it('lists each change, the consent a fix asks for, and what stays with its printed fix', () => {
    const plan = planFixes(
      [row('secrets.payload', 'fail'), row('logs.buildkit', 'warn', 'pod-1', 'kubectl logs pod-1 -c buildkit')],
      facts,
    );
    expect(formatFixPlan(plan)).toBe(
      [
        'Fix plan: 1 fix',
        ' 1. Replace payload-secret  [secrets.payload]',
        '      + File /out/payload.txt: write — new signing secret, 32 random bytes (0600)',
        '      ~ Secret payload-secret: replace — from the new payload.txt; the current one is saved to backups/ (0600) first',
        '      ↻ Deployment pro-builder: restart — rolling restart so the pods load the signing secret',
        '      ! asks separately: replaces secret payload-secret, which probuilder-setup did not make',
        '',
        'Not fixed automatically (the printed fix stays):',
        '  - [logs.buildkit/pod-1] logs.buildkit warn',
        '      why: No safe automatic remedy: follow the printed fix.',
        '      fix: kubectl logs pod-1 -c buildkit',
        '',
      ].join('\n'),
    );
  });

  it('says when there is nothing to fix at all', () => {
    expect(formatFixPlan(planFixes([row('secrets.payload', 'pass')], facts))).toBe('Nothing to fix: no check failed or warned.\n');
  });
});

describe('transitions', () => {
  it('shows the worst status per check, for the affected checks and any that changed', () => {
    const before = [
      row('secrets.payload', 'fail'),
      row('workload.pods', 'pass', 'a'),
      row('workload.pods', 'warn', 'b'),
      row('logs.buildkit', 'warn'),
      row('nodes.fit', 'pass'),
    ];
    const after = [
      row('secrets.payload', 'pass'),
      row('workload.pods', 'pass', 'c'),
      row('logs.buildkit', 'pass'),
      row('nodes.fit', 'pass'),
    ];
    const ts = transitions(before, after, ['secrets.payload', 'workload.pods']);
    expect(ts).toEqual([
      { checkId: 'secrets.payload', before: 'fail', after: 'pass' },
      { checkId: 'workload.pods', before: 'warn', after: 'pass' },
      { checkId: 'logs.buildkit', before: 'warn', after: 'pass' },
    ]);
    expect(formatTransitions(ts)).toBe(
      'Before → after:\n  secrets.payload  fail → pass\n  workload.pods    warn → pass\n  logs.buildkit    warn → pass\n',
    );
  });
});

describe('toFixJson', () => {
  it('gains fixed, declined and unfixable lists beside the after-report', () => {
    const before = [
      row('secrets.payload', 'fail'),
      row('secrets.certificates', 'fail'),
      row('logs.buildkit', 'warn', undefined, 'kubectl logs'),
    ];
    const plan = planFixes(before, { ...facts, certSecrets: { daemon: { ours: false } } });
    const [payload, certs] = plan.fixes;
    const after = [row('secrets.payload', 'pass'), row('secrets.certificates', 'fail'), row('logs.buildkit', 'warn')];
    const json = toFixJson(before, after, meta, {
      declined: [certs!],
      declineReason: 'declined',
      unfixable: plan.unfixable,
      applied: { applied: [payload!], failed: [], steps: [], backups: [] },
      affected: payload!.checks,
    });
    expect(json.fixed.map((f) => f.remedy)).toEqual(['payload-secret']);
    expect(json.declined).toEqual([
      { remedy: 'certificates', title: certs!.title, findings: ['secrets.certificates'], reason: 'declined' },
    ]);
    expect(json.unfixable).toEqual([
      {
        id: 'logs.buildkit',
        summary: 'logs.buildkit warn',
        reason: 'No safe automatic remedy: follow the printed fix.',
        fix: 'kubectl logs',
      },
    ]);
    expect(json.before.exitCode).toBe(3);
    expect(json.summary.exitCode).toBe(3);
    expect(json.transitions).toContainEqual({ checkId: 'secrets.payload', before: 'fail', after: 'pass' });
  });
});
