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

/** A cluster with the namespace and the pro-builder deployment. */
function installedKube(): FakeKube {
  const kube = new FakeKube();
  kube.namespaces.set('openfaas', { metadata: { name: 'openfaas' } });
  kube.addDeployment('openfaas', 'pro-builder');
  return kube;
}

/** One fix doing one action, with no finding behind it (the planner is not under test here). */
function plannedFix(remedy: PlannedFix['remedy'], title: string, action: PlannedFix['actions'][number]): PlannedFix {
  return { remedy, findings: [], checks: [], title, changes: [], actions: [action], rollsDeployment: false };
}

/** The facts of a chart 0.6.10 release whose files live in a fresh temporary folder. */
async function factsInTempDir(): Promise<FixFacts> {
  const dir = await mkdtemp(join(tmpdir(), 'pbs-fix-'));
  return {
    namespace: 'openfaas',
    release: 'pro-builder',
    valuesFile: join(dir, 'custom-values.yaml'),
    outputDir: dir,
    chartVersion: '0.6.10',
    localPayload: 'missing',
    certSecrets: {},
  };
}

describe('applyFixes', () => {
  it("ties the stuck-release rollback and the pinned upgrade to the doctor's own context and kubeconfig", async () => {
    const kube = installedKube();
    const helm = new RecordingHelm();
    const fix = plannedFix('stuck-release', 'free the stuck release', { op: 'release-rollback', revision: 1 });
    await applyFixes([fix], await factsInTempDir(), { kube, helm, chart: { ref: 'openfaas/pro-builder' }, rolloutTimeoutMs: 1_000 });
    expect(helm.runs.map((r) => r[0])).toEqual(['rollback', 'upgrade']);
    for (const args of helm.runs) {
      expect(args).toContain('--kube-context');
      expect(args[args.indexOf('--kube-context') + 1]).toBe(kube.target.contextName);
      expect(args[args.indexOf('--kubeconfig') + 1]).toBe(kube.target.kubeconfigFile);
    }
  });

  it('deletes a secret of another type only if it is still the one saved: one made again since is refused, not deleted unseen', async () => {
    const run = async (replacedMeanwhile: boolean) => {
      const kube = installedKube();
      // Made by hand with another type (a secret's type cannot change in place).
      kube.secrets.set('openfaas/payload-secret', {
        metadata: { name: 'payload-secret', namespace: 'openfaas', uid: 'uid-read', resourceVersion: '1' },
        type: 'kubernetes.io/basic-auth',
        data: { username: Buffer.from('x').toString('base64') },
      });
      if (replacedMeanwhile) {
        // Someone makes the secret again between the fix's read and its delete.
        const read = kube.getSecret.bind(kube);
        kube.getSecret = async (ns: string, name: string) => {
          const current = await read(ns, name);
          if (current) kube.secrets.set(`${ns}/${name}`, { ...current, metadata: { ...current.metadata, uid: 'uid-new' } });
          return current;
        };
      }
      const fix = plannedFix('payload-secret', 'make the signing secret again', {
        op: 'payload-secret',
        reuseLocalFile: false,
        replace: true,
      });
      const report = await applyFixes([fix], await factsInTempDir(), {
        kube,
        helm: new RecordingHelm(),
        chart: { ref: 'openfaas/pro-builder' },
        rolloutTimeoutMs: 1_000,
        makeSigningSecret: () => 'c2lnbmluZy1rZXk=',
      });
      return { kube, report };
    };

    const untouched = await run(false);
    expect(untouched.kube.callLog.find((c) => c.method === 'deleteSecret')?.args).toEqual(['openfaas', 'payload-secret', 'uid-read']);
    expect(untouched.kube.secrets.get('openfaas/payload-secret')?.type).toBe('Opaque');

    const replaced = await run(true);
    expect(replaced.kube.secrets.get('openfaas/payload-secret')?.metadata?.uid).toBe('uid-new');
    expect(replaced.kube.secrets.get('openfaas/payload-secret')?.type).toBe('kubernetes.io/basic-auth');
    expect(JSON.stringify(replaced.report)).toMatch(/409|changed|conflict/i);
  });
});
