import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { KubeConfigFlagError, loadKubeConfig } from './config.js';
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
  it('lists every context of the kubeconfig in the target, and uses --context exactly', () => {
    const path = kubeconfig(['test', 'prod'], 'prod');
    expect(loadKubeConfig({ kubeconfig: path }).target).toMatchObject({ contextName: 'prod', contextNames: ['test', 'prod'] });
    expect(loadKubeConfig({ kubeconfig: path, context: 'test' }).target).toMatchObject({ contextName: 'test', contextNames: ['test', 'prod'] });
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
    writeFileSync(other, stringify({ apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'o', cluster: { server: 'https://127.0.0.1:6444' } }], users: [{ name: 'o', user: { token: 't' } }], contexts: [{ name: 'other', context: { cluster: 'o', user: 'o' } }], 'current-context': 'other' }));
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
});
