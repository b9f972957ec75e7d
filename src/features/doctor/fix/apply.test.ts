import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Helm, HelmVersion, RunResult } from '../../../platform/helm/helm.js';
import { FakeKube } from '../../../platform/testing/fakeKube.js';
import { applyFixes } from './apply.js';
import type { FixFacts, PlannedFix } from './types.js';

/** helm that succeeds at everything and records each argv. */
class RecordingHelm implements Helm {
  readonly bin = 'helm';
  runs: string[][] = [];
  async version(): Promise<HelmVersion> {
    return { raw: 'v3.16.2', major: 3, minor: 16, patch: 2 };
  }
  async run(args: string[]): Promise<RunResult> {
    this.runs.push(args);
    await Promise.resolve();
    return { exitCode: 0, stdout: '', stderr: '' };
  }
}

describe('applyFixes', () => {
  it("ties the stuck-release rollback and the pinned upgrade to the doctor's own context and kubeconfig", async () => {
    const kube = new FakeKube();
    kube.namespaces.set('openfaas', { metadata: { name: 'openfaas' } });
    kube.addDeployment('openfaas', 'pro-builder');
    const helm = new RecordingHelm();
    const dir = await mkdtemp(join(tmpdir(), 'pbs-fix-'));
    const fix: PlannedFix = {
      remedy: 'stuck-release',
      findings: [],
      checks: [],
      title: 'free the stuck release',
      changes: [],
      actions: [{ op: 'release-rollback', revision: 1 }],
      rollsDeployment: false,
    };
    const facts: FixFacts = {
      namespace: 'openfaas',
      release: 'pro-builder',
      valuesFile: join(dir, 'custom-values.yaml'),
      outputDir: dir,
      chartVersion: '0.6.10',
      localPayload: 'missing',
      certSecrets: {},
    };
    await applyFixes([fix], facts, { kube, helm, chart: { ref: 'openfaas/pro-builder' }, rolloutTimeoutMs: 1_000 });
    expect(helm.runs.map((r) => r[0])).toEqual(['rollback', 'upgrade']);
    for (const args of helm.runs) {
      expect(args).toContain('--kube-context');
      expect(args[args.indexOf('--kube-context') + 1]).toBe(kube.target.contextName);
      expect(args[args.indexOf('--kubeconfig') + 1]).toBe(kube.target.kubeconfigFile);
    }
  });
});
