import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { KubeConfigFlagError, loadKubeConfig, NO_KUBECONFIG_NEXT_STEP } from './config.js';
import { KubeError } from './errors.js';

function kubeconfig(contexts: string[], current: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pbs-kc-'));
  const path = join(dir, 'config');
  writeFileSync(
    path,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:6443' } }],
      users: [{ name: 'u', user: { token: 't' } }],
      contexts: contexts.map((name) => ({ name, context: { cluster: 'c', user: 'u' } })),
      'current-context': current,
    }),
  );
  return path;
}

describe('loadKubeConfig', () => {
  it('without any kubeconfig, names `bash scripts/try` as the way to try without a cluster', () => {
    const home = mkdtempSync(join(tmpdir(), 'pbs-home-'));
    let error: unknown;
    try {
      loadKubeConfig({ env: { HOME: home } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KubeError);
    expect((error as KubeError).message).toContain('No kubeconfig found');
    expect((error as KubeError).nextStep).toBe(NO_KUBECONFIG_NEXT_STEP);
    expect(NO_KUBECONFIG_NEXT_STEP).toContain('`bash scripts/try`');
  });

  it('lists every context of the kubeconfig in the target, and uses --context exactly', () => {
    const path = kubeconfig(['test', 'prod'], 'prod');
    expect(loadKubeConfig({ kubeconfig: path }).target).toMatchObject({ contextName: 'prod', contextNames: ['test', 'prod'] });
    expect(loadKubeConfig({ kubeconfig: path, context: 'test' }).target).toMatchObject({
      contextName: 'test',
      contextNames: ['test', 'prod'],
    });
  });

  it('blames the flag for an unknown --context, quoting the hostile value', () => {
    const path = kubeconfig(['test'], 'test');
    const hostile = `x\n$(reboot)\u001b[2J${'y'.repeat(100_000)}`;
    let error: unknown;
    try {
      loadKubeConfig({ kubeconfig: path, context: hostile });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KubeConfigFlagError);
    expect(error).toBeInstanceOf(KubeError);
    const e = error as KubeConfigFlagError;
    expect(e.flag).toBe('--context');
    expect(e.reason).toBe('config');
    expect(e.message).toMatch(/^The context "x\\n\$\(reboot\)\\u\{1b\}.*…" \(100015 characters\) is not in /);
    expect(e.message.length).toBeLessThan(200 + path.length);
    expect(e.nextStep).toBe('Pass one of the known contexts to --context: "test".');
  });

  it('records the one kubeconfig file the target came from, so helm reads that file and no other', () => {
    const path = kubeconfig(['test', 'prod'], 'prod');
    const other = join(mkdtempSync(join(tmpdir(), 'pbs-kc-')), 'other');
    writeFileSync(
      other,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'o', cluster: { server: 'https://127.0.0.1:6444' } }],
        users: [{ name: 'o', user: { token: 't' } }],
        contexts: [{ name: 'other', context: { cluster: 'o', user: 'o' } }],
        'current-context': 'other',
      }),
    );
    expect(loadKubeConfig({ kubeconfig: path }).target.kubeconfigFile).toBe(path);
    expect(loadKubeConfig({ env: { KUBECONFIG: path } }).target.kubeconfigFile).toBe(path);
    // A merged list cannot be one --kubeconfig: helm reads the same KUBECONFIG list from the environment.
    expect(loadKubeConfig({ env: { KUBECONFIG: `${path}:${other}` } }).target.kubeconfigFile).toBeUndefined();
  });

  it('blames --kubeconfig for a file that is not there, quoting the path', () => {
    expect(() => loadKubeConfig({ kubeconfig: '/nonexistent/\nconfig' })).toThrow(
      expect.objectContaining({ flag: '--kubeconfig', message: 'The kubeconfig file "/nonexistent/\\nconfig" does not exist.' }),
    );
  });

  it('reports a malformed kubeconfig by file, line and column only: none of its contents (tokens, keys)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pbs-kc-'));
    const broken = join(dir, 'broken');
    writeFileSync(
      broken,
      'apiVersion: v1\nusers:\n- name: u\n  user:\n    token: SECRET-TOKEN-123\n    client-key-data: S0VZLURBVEE=\n  : bad: [\ncontexts: []\n',
    );
    const flow = join(dir, 'flow');
    writeFileSync(flow, '{"users":[{"name":"u","user":{"token":"SECRET-TOKEN-123"}}], "clusters": 5 ');
    const fine = kubeconfig(['test'], 'test');
    for (const req of [{ kubeconfig: broken }, { kubeconfig: flow }, { env: { KUBECONFIG: `${fine}:${broken}` } }]) {
      let error: unknown;
      try {
        loadKubeConfig(req);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(KubeError);
      const e = error as KubeError;
      const text = `${e.message} ${e.nextStep}`;
      expect(text).not.toMatch(/SECRET-TOKEN|S0VZ|client-key|token|\n/);
      expect(e.message).toMatch(/^The kubeconfig .*(broken|flow) is not valid YAML: .+ at line \d+, column \d+\.$/);
      expect(e.nextStep).toMatch(/Fix that line/);
    }
  });
});
