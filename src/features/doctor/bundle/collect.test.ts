import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../checks/index.js';
import { runChecks } from '../runner.js';
import { NS } from '../testing/fixtures.js';
import { healthyScenario, LICENSE_VALUE, PAYLOAD_VALUE, REGISTRY_AUTH } from '../testing/scenario.js';
import { startBundle } from './collect.js';

/** The files of a .tar.gz, by path (ustar: name and prefix). */
function untar(archive: Buffer): Map<string, string> {
  const tar = gunzipSync(archive);
  const files = new Map<string, string>();
  for (let at = 0; at + 512 <= tar.length;) {
    const h = tar.subarray(at, at + 512);
    if (h.every((b) => b === 0)) break;
    const field = (from: number, len: number) =>
      h
        .subarray(from, from + len)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    const path = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const size = parseInt(field(124, 12), 8);
    files.set(path, tar.subarray(at + 512, at + 512 + size).toString('utf8'));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

describe('startBundle on a scenario', () => {
  it('collects every part, redacts what the secrets hold from logs and values, and reports each part', async () => {
    const s = await healthyScenario();
    const [pod] = s.kube.pods;
    const podName = pod!.metadata!.name!;
    const password = Buffer.from(REGISTRY_AUTH, 'base64').toString().split(':')[1]!;
    s.kube.logs.set(`${podName}/pro-builder`, `signing with ${PAYLOAD_VALUE}\nlicense ${Buffer.from(LICENSE_VALUE).toString('base64')}\n`);
    s.kube.previousLogs.set(`${podName}/pro-builder`, `push to https://robot:${encodeURIComponent(password)}@ghcr.io failed\n`);
    s.helm.values = { ...s.helm.values, leaked: password };

    const ctx = s.ctx();
    const bundle = startBundle({ ctx, helm: s.helm, toolVersion: '1.2.3', now: new Date('2026-01-01T00:00:00Z') });
    const outcomes = await runChecks(ALL_CHECKS, ctx);
    const progress: string[] = [];
    const result = await bundle.finish(
      outcomes,
      { cluster: { context: 'test', server: 'https://127.0.0.1:6443' }, namespace: NS, release: 'pro-builder' },
      (l) => progress.push(l),
    );
    const files = untar(result.archive);
    const root = `probuilder-bundle-${NS}-20260101T000000Z`;
    const names = [...files.keys()].map((p) => p.slice(root.length + 1));
    expect(names).toEqual(
      expect.arrayContaining([
        'README.md',
        'doctor/report.json',
        'versions.yaml',
        'release/user-supplied-values.yaml',
        'release/computed-values.yaml',
        'kubernetes/deployment.yaml',
        'kubernetes/pods.yaml',
        'kubernetes/events.yaml',
        `logs/${podName}/pro-builder.log`,
        `logs/${podName}/pro-builder.previous.log`,
        'resources/nodes.yaml',
        'resources/requests.txt',
        'secrets.txt',
      ]),
    );
    const all = [...files.values()].join('\n');
    for (const v of [
      PAYLOAD_VALUE,
      LICENSE_VALUE,
      password,
      REGISTRY_AUTH,
      Buffer.from(LICENSE_VALUE).toString('base64'),
      encodeURIComponent(password),
    ])
      expect(all).not.toContain(v);
    expect(files.get(`${root}/logs/${podName}/pro-builder.log`)).toContain('signing with [REDACTED secret payload-secret/payload-secret]');
    expect(files.get(`${root}/secrets.txt`)).toContain(`payload-secret: ${PAYLOAD_VALUE.length} bytes`);
    expect(files.get(`${root}/versions.yaml`)).toContain('probuilder-setup 1.2.3');
    const readme = files.get(`${root}/README.md`)!;
    expect(readme).toMatch(
      new RegExp(`logs/${podName}/pro-builder.log: 1 × secret payload-secret/payload-secret, 1 × secret openfaas-license/license`),
    );
    expect(progress.map((l) => l.split(':')[1]!.trim())).toEqual([
      'doctor report',
      'versions',
      'release values',
      'workload',
      'events',
      'logs',
      'node capacity and requests',
      'secrets (names, keys and lengths)',
      'README',
    ]);
    expect(result.redactions).toBeGreaterThanOrEqual(4);
  });
});
