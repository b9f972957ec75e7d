import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs, type RotateOptions } from '../../src/cli/args.js';
import type { RolloutOutcome } from '../../src/shared/rollout/rollout.js';
import { RESTART_ANNOTATION } from '../../src/platform/kube/client.js';
import { installedCluster, OLD_PAYLOAD } from '../../src/features/rotate/plan.testkit.js';
import { decodeSecretData } from '../../src/shared/secrets/index.js';
import type { RotateCommandEnv } from './runRotateCommand.js';
import { runRotateCommand } from './runRotateCommand.js';

const NEW_PAYLOAD = 'bmV3LXNpZ25pbmctc2VjcmV0LWZvci10aGUtYnVpbGRlcg==';

function options(...args: string[]): RotateOptions {
  const parsed = parseArgs(['rotate', ...args]);
  if (parsed.kind !== 'rotate') throw new Error(`not a rotate: ${JSON.stringify(parsed)}`);
  return parsed.options;
}

function stream() {
  const chunks: string[] = [];
  return { chunks, s: { isTTY: false, write: (t: string) => (chunks.push(t), true) } as unknown as NodeJS.WriteStream };
}

async function harness(chartVersion = '0.6.10', waitForRollout?: () => Promise<RolloutOutcome>) {
  const { kube, helm } = installedCluster(chartVersion);
  const out = stream();
  const err = stream();
  let interrupt: (() => void) | undefined;
  const env: RotateCommandEnv = {
    stdin: { isTTY: false } as NodeJS.ReadStream,
    stdout: out.s,
    stderr: err.s,
    services: { makeKube: () => kube, helm, now: () => new Date() },
    onInterrupt: (h) => ((interrupt = h), () => (interrupt = undefined)),
    rotation: {
      makeSigningSecret: () => NEW_PAYLOAD,
      waitForRollout: waitForRollout ?? (async () => ({ ok: true, timedOut: false, deploymentName: 'pro-builder', warnings: [] })),
    },
  };
  const dir = await mkdtemp(join(tmpdir(), 'pbs-rotate-cmd-'));
  return { kube, helm, env, dir, stdout: () => out.chunks.join(''), stderr: () => err.chunks.join(''), interrupt: () => interrupt?.() };
}

const payloadInCluster = (h: Awaited<ReturnType<typeof harness>>) =>
  decodeSecretData(h.kube.secrets.get('openfaas/payload-secret')!)['payload-secret']!.toString();

describe('runRotateCommand without a terminal', () => {
  it('needs --yes to act (exit 2), and changes nothing without it', async () => {
    const h = await harness();
    expect(await runRotateCommand(options('signing-secret', '-o', h.dir), h.env)).toBe(2);
    expect(h.stdout()).toMatch(/~ replace secret openfaas\/payload-secret/);
    expect(h.stderr()).toMatch(/pass --yes/);
    expect(h.kube.writes).toEqual([]);
  });

  it('--dry-run shows what would change (exit 0)', async () => {
    const h = await harness();
    expect(await runRotateCommand(options('signing-secret', '--dry-run', '-o', h.dir), h.env)).toBe(0);
    expect(h.stdout()).toMatch(/↻ restart deployment openfaas\/pro-builder/);
    expect(h.stdout()).toMatch(/Dry run: nothing was changed/);
    expect(h.kube.writes).toEqual([]);
  });

  it('--yes rotates, restarts, and reminds to update build clients (exit 0), printing no secret', async () => {
    const h = await harness();
    expect(await runRotateCommand(options('signing-secret', '--yes', '-o', h.dir), h.env)).toBe(0);
    expect(payloadInCluster(h)).toBe(NEW_PAYLOAD);
    expect(await readFile(join(h.dir, 'payload.txt'), 'utf8')).toBe(NEW_PAYLOAD);
    expect(h.kube.deployments.get('openfaas/pro-builder')!.spec!.template.metadata!.annotations![RESTART_ANNOTATION]).toBeDefined();
    expect(h.stdout()).toMatch(/Update build clients with the new payload.txt/);
    const all = h.stdout() + h.stderr();
    for (const v of [NEW_PAYLOAD, OLD_PAYLOAD]) {
      expect(all).not.toContain(v);
      expect(all).not.toContain(Buffer.from(v).toString('base64'));
    }
  });

  it('certs on a unix-socket chart: nothing to rotate (exit 0), nothing changed', async () => {
    const h = await harness('0.6.10');
    expect(await runRotateCommand(options('certs', '--yes', '-o', h.dir), h.env)).toBe(0);
    expect(h.stdout()).toMatch(/this chart uses a unix socket; there are no certificates to rotate/);
    expect(h.kube.writes).toEqual([]);
  });

  it('exits 1 with a next step when no release is installed', async () => {
    const h = await harness();
    h.helm.release = undefined;
    expect(await runRotateCommand(options('signing-secret', '--yes', '-o', h.dir), h.env)).toBe(1);
    expect(h.stderr()).toMatch(/There is no helm release pro-builder in namespace openfaas\.\n {2}Next: Check --release/);
    expect(h.kube.writes).toEqual([]);
  });

  it('exits 1 when the rollout does not finish', async () => {
    const h = await harness('0.6.10', async () => ({ ok: false, timedOut: true, warnings: [] }));
    expect(await runRotateCommand(options('signing-secret', '--yes', '-o', h.dir), h.env)).toBe(1);
    expect(h.stderr()).toMatch(/did not finish/);
    expect(h.stdout()).toMatch(/× Wait for the rollout/);
  });

  it('Ctrl+C during the rollout watch stops watching (exit 130); the rotation stays applied', async () => {
    const h: Awaited<ReturnType<typeof harness>> = await harness('0.6.10', async () => {
      h.interrupt();
      return { ok: false, timedOut: false, warnings: [] };
    });
    expect(await runRotateCommand(options('signing-secret', '--yes', '-o', h.dir), h.env)).toBe(130);
    expect(payloadInCluster(h)).toBe(NEW_PAYLOAD);
    expect(h.stderr()).toMatch(/stopped watching the rollout/);
  });
});
