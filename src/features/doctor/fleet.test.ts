import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../platform/exitCodes.js';
import { KubeError } from '../../platform/kube/errors.js';
import { fleetExitCode, rowFor, runFleet, toFleetJsonReport, toFleetTable, type ContextRun, type FleetRow } from './fleet.js';
import type { CheckOutcome, CheckStatus } from './types.js';

function outcome(id: string, status: CheckStatus, skipReason?: CheckOutcome['skipReason']): CheckOutcome {
  return {
    id,
    checkId: id,
    category: 'Cluster',
    description: id,
    status,
    summary: `${id} ${status}`,
    evidence: [],
    durationMs: 1,
    ...(skipReason ? { skipReason } : {}),
  };
}

function run(context: string, outcomes: CheckOutcome[], chartVersion?: string): ContextRun {
  return {
    meta: { cluster: { context, server: `https://${context}.example:6443` }, namespace: 'openfaas', release: 'pro-builder' },
    clusterName: `${context}-cluster`,
    outcomes,
    chartVersion,
    generation: chartVersion ? 'mtls' : undefined,
  };
}

describe('rowFor', () => {
  it('names failing and warning checks and takes the doctor exit code', () => {
    const row = rowFor(
      run('prod', [outcome('cluster.reachable', 'pass'), outcome('secrets.payload', 'fail'), outcome('nodes.fit', 'warn')], '0.4.19'),
    );
    expect(row).toMatchObject({
      status: 'fail',
      exitCode: ExitCode.doctorFailed,
      failing: ['secrets.payload'],
      warnings: ['nodes.fit'],
      chartVersion: '0.4.19',
    });
    expect(row.report?.checks).toHaveLength(3);
  });

  it('calls a cluster whose API did not answer unreachable', () => {
    const row = rowFor(run('gone', [outcome('cluster.reachable', 'fail'), outcome('cluster.namespace', 'skipped', 'dependency')]));
    expect(row.status).toBe('unreachable');
    expect(row.exitCode).toBe(ExitCode.doctorFailed);
  });

  it('counts a permission skip as a warning', () => {
    const row = rowFor(run('ro', [outcome('cluster.reachable', 'pass'), outcome('nodes.fit', 'skipped', 'forbidden')]));
    expect(row).toMatchObject({ status: 'warn', exitCode: ExitCode.doctorWarnings, warnings: ['nodes.fit'] });
  });
});

describe('runFleet', () => {
  it('keeps the given order, runs at most `concurrency` at once, and turns a throw into an error row', async () => {
    let active = 0;
    let peak = 0;
    const release: (() => void)[] = [];
    const names = ['a', 'b', 'c', 'd', 'e'];
    const done = runFleet(
      names,
      async (context) => {
        active++;
        peak = Math.max(peak, active);
        await new Promise<void>((r) => release.push(r));
        active--;
        if (context === 'c') throw new KubeError('config', 'The context "c" has no user.', 'Fix the kubeconfig.');
        return run(context, [outcome('cluster.reachable', 'pass')]);
      },
      { concurrency: 2 },
    );
    // Let the workers start, then release them one at a time until all have finished.
    for (let i = 0; i < names.length; i++) {
      while (!release.length) await new Promise((r) => setImmediate(r));
      release.shift()!();
    }
    const rows = await done;
    expect(peak).toBe(2);
    expect(rows.map((r) => r.context)).toEqual(names);
    expect(rows[2]).toMatchObject({
      status: 'error',
      exitCode: ExitCode.failure,
      error: { message: 'The context "c" has no user.', nextStep: 'Fix the kubeconfig.' },
    });
  });
});

describe('fleetExitCode', () => {
  const row = (exitCode: ExitCode) => ({ exitCode }) as FleetRow;
  it('is the worst: could not run > failed > warnings > ok', () => {
    expect(fleetExitCode([])).toBe(ExitCode.ok);
    expect(fleetExitCode([row(0), row(4)])).toBe(4);
    expect(fleetExitCode([row(4), row(3), row(0)])).toBe(3);
    expect(fleetExitCode([row(3), row(1), row(4)])).toBe(1);
  });
});

describe('output', () => {
  const rows = [
    rowFor(run('prod', [outcome('cluster.reachable', 'pass')], '0.4.19')),
    rowFor(run("team's \x1b[31mlab", [outcome('cluster.reachable', 'pass'), outcome('secrets.payload', 'fail')], '0.4.19')),
    rowFor(run('gone', [outcome('cluster.reachable', 'fail')])),
  ];

  it('prints one row per context with chart, status and failing ids, and a shell-safe next command', () => {
    const text = toFleetTable(rows);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^CONTEXT\s+CLUSTER\s+CHART\s+STATUS\s+FAILING CHECKS$/);
    expect(lines[1]).toMatch(/^prod\s+prod-cluster\s+0\.4\.19 \(mtls\)\s+ok\s+–$/);
    expect(lines[2]).toMatch(/fail\s+secrets\.payload$/);
    expect(lines[3]).toMatch(/^gone\s+gone-cluster\s+–\s+unreachable\s+cluster\.reachable$/);
    expect(text).not.toContain('\x1b');
    expect(text).toContain(`doctor --context 'team'\\''s lab'`);
  });

  it('gives one JSON document with a report per context and the worst exit code', () => {
    const json = toFleetJsonReport(rows);
    expect(json.summary).toMatchObject({ ok: 1, fail: 1, unreachable: 1, exitCode: ExitCode.doctorFailed });
    expect(json.contexts.map((c) => c.report?.cluster.context)).toEqual(['prod', "team's \x1b[31mlab", 'gone']);
    expect(json.contexts[2]).toMatchObject({ chartVersion: null, generation: null, error: null });
  });
});
