import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs, type UninstallOptions } from '../../src/cli/args.js';
import { KubeError } from '../../src/platform/kube/errors.js';
import { ReleaseHelm } from '../../src/shared/testing/fakes.js';
import { FakeKube } from '../../src/platform/testing/fakeKube.js';
import { installedSnapshot, UNINSTALL_SECRETS } from '../../src/features/uninstall/plan.testkit.js';
import type { CommandEnv } from '../services/commandEnv.js';
import { runUninstallCommand } from './runUninstallCommand.js';

function options(...args: string[]): UninstallOptions {
  const parsed = parseArgs(['uninstall', ...args]);
  if (parsed.kind !== 'uninstall') throw new Error(`not an uninstall: ${JSON.stringify(parsed)}`);
  return parsed.options;
}

function stream(isTTY = false) {
  const chunks: string[] = [];
  return { chunks, s: { isTTY, write: (t: string) => (chunks.push(t), true) } as unknown as NodeJS.WriteStream };
}

async function harness(edit?: (kube: FakeKube) => void) {
  const kube = new FakeKube().load(installedSnapshot());
  edit?.(kube);
  const helm = new ReleaseHelm({ chartVersion: '0.4.19' });
  const out = stream();
  const err = stream();
  let makeKubeCalls = 0;
  let interrupt: (() => void) | undefined;
  const env: CommandEnv = {
    stdin: { isTTY: false } as NodeJS.ReadStream,
    stdout: out.s,
    stderr: err.s,
    services: {
      makeKube: () => (makeKubeCalls++, kube),
      helm,
      now: () => new Date('2026-01-02T03:04:05Z'),
    },
    onInterrupt: (h) => ((interrupt = h), () => (interrupt = undefined)),
  };
  const dir = await mkdtemp(join(tmpdir(), 'pbs-uninstall-cmd-'));
  return {
    kube,
    helm,
    env,
    dir,
    stdout: () => out.chunks.join(''),
    stderr: () => err.chunks.join(''),
    makeKubeCalls: () => makeKubeCalls,
    interrupt: () => interrupt?.(),
  };
}

function expectNoSecrets(text: string) {
  for (const v of Object.values(UNINSTALL_SECRETS)) {
    expect(text).not.toContain(v);
    expect(text).not.toContain(Buffer.from(v).toString('base64'));
  }
}

describe('runUninstallCommand without a terminal', () => {
  it('refuses a --keep that names nothing it knows, before touching the cluster (exit 2)', async () => {
    const h = await harness();
    const code = await runUninstallCommand(options('--yes', '--keep', 'secret/registry-secert'), h.env);
    expect(code).toBe(2);
    expect(h.stderr()).toMatch(/--keep: "secret\/registry-secert" is not something uninstall removes/);
    expect(h.makeKubeCalls()).toBe(0);
  });

  it('prints the plan and asks for --yes instead of acting (exit 2)', async () => {
    const h = await harness();
    const code = await runUninstallCommand(options('-o', h.dir), h.env);
    expect(code).toBe(2);
    expect(h.stdout()).toMatch(/- remove HelmRelease openfaas\/pro-builder/);
    expect(h.stderr()).toMatch(/pass --yes/);
    expect(h.kube.writes).toEqual([]);
    expect(h.helm.runs.filter((r) => r[0] === 'uninstall')).toEqual([]);
  });

  it('--dry-run lists only (exit 0)', async () => {
    const h = await harness();
    const code = await runUninstallCommand(options('--dry-run', '--yes', '--remove-license', '-o', h.dir), h.env);
    expect(code).toBe(0);
    expect(h.stdout()).toMatch(/- remove Secret openfaas\/openfaas-license/);
    expect(h.stdout()).toMatch(/Dry run: nothing was changed/);
    expect(h.kube.writes).toEqual([]);
    expectNoSecrets(h.stdout() + h.stderr());
  });

  it('--yes removes and reports each step (exit 0); running it again is a no-op (exit 0)', async () => {
    const h = await harness();
    expect(await runUninstallCommand(options('--yes', '-o', h.dir), h.env)).toBe(0);
    expect(h.stdout()).toMatch(/✓ Uninstall helm release openfaas\/pro-builder/);
    expect(h.stdout()).toMatch(/✓ Delete secret openfaas\/payload-secret/);
    expect(h.stdout()).toMatch(/Kept secret\/openfaas-license/);
    expect([...h.kube.secrets.keys()]).toEqual(['openfaas/openfaas-license']);
    const writes = h.kube.writes.length;
    expect(await runUninstallCommand(options('--yes', '-o', h.dir), h.env)).toBe(0);
    expect(h.stdout()).toMatch(/Nothing to remove/);
    expect(h.kube.writes.length).toBe(writes);
    expectNoSecrets(h.stdout() + h.stderr());
  });

  it("gives helm the kubeconfig file and context the client connected to, not helm's own current context", async () => {
    const h = await harness();
    await runUninstallCommand(options('--yes', '--kubeconfig', '/tmp/kc', '--context', 'ctx', '-n', 'openfaas', '-o', h.dir), h.env);
    const uninstall = h.helm.runs.find((r) => r[0] === 'uninstall')!;
    const { kubeconfigFile, contextName } = h.kube.target;
    expect(uninstall).toEqual([
      'uninstall',
      'pro-builder',
      '--namespace',
      'openfaas',
      '--kubeconfig',
      kubeconfigFile,
      '--kube-context',
      contextName,
    ]);
  });

  it('exits 1 when a removal fails, naming it', async () => {
    const h = await harness((k) =>
      k.failures.set(
        'deleteSecret registry-secret',
        new KubeError('forbidden', 'You may not delete secret openfaas/registry-secret.', 'Ask for it.', 403),
      ),
    );
    expect(await runUninstallCommand(options('--yes', '-o', h.dir), h.env)).toBe(1);
    expect(h.stderr()).toMatch(/did not finish/);
    expect(h.stdout()).toMatch(/× Delete secret openfaas\/registry-secret — You may not delete/);
  });

  it('exits 1 with the next step when the cluster cannot be reached', async () => {
    const h = await harness();
    h.env.services!.makeKube = () => {
      throw new KubeError('config', 'The kubeconfig file /nope does not exist.', 'Check the --kubeconfig path.');
    };
    expect(await runUninstallCommand(options('--yes'), h.env)).toBe(1);
    expect(h.stderr()).toBe('probuilder-setup: The kubeconfig file /nope does not exist.\n  Next: Check the --kubeconfig path.\n');
  });

  it('Ctrl+C during the removals stops after the current one (exit 130)', async () => {
    const h = await harness();
    const run = h.helm.run.bind(h.helm);
    h.helm.run = async (args, opts) => {
      if (args[0] === 'uninstall') h.interrupt();
      return run(args, opts);
    };
    expect(await runUninstallCommand(options('--yes', '-o', h.dir), h.env)).toBe(130);
    expect(h.stderr()).toMatch(/Stopping after the current step/);
    expect(h.kube.writes).toEqual([]);
    expect(h.helm.release).toBeUndefined();
  });

  it('--include removes a secret made by hand; without it, it is kept and reported', async () => {
    const handMade = (k: FakeKube) => {
      const s = k.secrets.get('openfaas/registry-secret')!;
      k.secrets.set('openfaas/registry-secret', { ...s, metadata: { ...s.metadata, labels: {} } });
    };
    const kept = await harness(handMade);
    expect(await runUninstallCommand(options('--yes', '-o', kept.dir), kept.env)).toBe(0);
    expect(kept.kube.secrets.has('openfaas/registry-secret')).toBe(true);
    expect(kept.stdout()).toMatch(/Kept secret\/registry-secret: made by hand, not by probuilder-setup/);
    const included = await harness(handMade);
    expect(await runUninstallCommand(options('--yes', '--include', 'secret/registry-secret', '-o', included.dir), included.env)).toBe(0);
    expect(included.kube.secrets.has('openfaas/registry-secret')).toBe(false);
  });

  it('a ttl.sh install: other secrets in the namespace are kept and shown as kept with why; the ECR-only objects are not "already gone"', async () => {
    const h = await harness((k) => {
      k.secrets.delete('openfaas/aws-ecr-credentials');
      k.serviceAccounts.delete('openfaas/pro-builder-ecr');
      k.secrets.set('openfaas/webhook-token', {
        metadata: { name: 'webhook-token', namespace: 'openfaas' },
        type: 'Opaque',
        data: { token: 'aGFuZC1tYWRl' },
      });
      k.secrets.set('openfaas/sealed-db', {
        metadata: { name: 'sealed-db', namespace: 'openfaas', labels: { 'app.kubernetes.io/managed-by': 'sealed-secrets' } },
        type: 'Opaque',
      });
      // helm's own release record: helm uninstall removes it, so it is not listed as kept.
      k.secrets.set('openfaas/sh.helm.release.v1.pro-builder.v1', {
        metadata: { name: 'sh.helm.release.v1.pro-builder.v1', namespace: 'openfaas' },
        type: 'helm.sh/release.v1',
      });
    });
    expect(await runUninstallCommand(options('--yes', '-o', h.dir), h.env)).toBe(0);
    const out = h.stdout();
    expect(out).toMatch(
      /= keep\s+Secret openfaas\/webhook-token — not made by probuilder-setup; uninstall removes only what probuilder-setup made/,
    );
    expect(out).toMatch(/Kept secret\/webhook-token: not made by probuilder-setup; uninstall removes only what probuilder-setup made\./);
    expect(out).toMatch(/Kept secret\/sealed-db: managed by sealed-secrets; uninstall removes only what probuilder-setup made\./);
    expect(out).not.toMatch(/sh\.helm\.release/);
    expect(out).not.toMatch(/Already gone/);
    expect(out).not.toContain('aGFuZC1tYWRl');
    expect(h.kube.secrets.has('openfaas/webhook-token')).toBe(true);
    expect(h.kube.secrets.has('openfaas/sealed-db')).toBe(true);
  });
});
