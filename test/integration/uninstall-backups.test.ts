/**
 * `uninstall --remove-files` and the `.bak-*` copies (issue 13, item 11): the copies a rotation kept
 * beside payload.txt and certs/ (old signing secrets, old private keys) are listed in the plan and
 * removed with the files; without --remove-files they are listed and kept. Built binary, test bed.
 */
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from './cliHarness.js';
import { describeWithCharts, kubeClient, namespacesDeletedAfterAll, testbed, uniqueNamespace } from './testbed.js';
import { installOnTestbed, SMALL_BUILDKIT } from './testbedInstall.js';

async function backupsIn(dir: string): Promise<string[]> {
  const top = (await readdir(dir)).filter((f) => f.includes('.bak-'));
  const certs = existsSync(join(dir, 'certs'))
    ? (await readdir(join(dir, 'certs'))).filter((f) => f.includes('.bak-')).map((f) => `certs/${f}`)
    : [];
  return [...top, ...certs].sort();
}

describeWithCharts('uninstall and the .bak-* copies of payload.txt and certs/', () => {
  const kube = kubeClient();
  const namespaces = namespacesDeletedAfterAll(() => kube);

  it('lists the copies rotate kept; --remove-files removes them with the files, an unrelated .bak file stays', async () => {
    const ns = uniqueNamespace('bak');
    namespaces.push(ns);
    const { outputDir } = await installOnTestbed({ kube, helmBinary: testbed.helm4!, chart: '0.4.19', namespace: ns, ...SMALL_BUILDKIT });
    const common = ['--kubeconfig', testbed.kubeconfig!, '-n', ns, '-o', outputDir];
    for (const target of ['signing-secret', 'certs']) {
      const r = await runCli(['rotate', target, '--yes', ...common, '--timeout', '90s'], { timeoutMs: 180_000 });
      expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
    }
    const copies = await backupsIn(outputDir);
    // payload.txt and the six certificate files, one earlier copy each.
    expect(copies.filter((f) => f.startsWith('payload.txt.bak-'))).toHaveLength(1);
    expect(copies.filter((f) => f.startsWith('certs/'))).toHaveLength(6);
    await writeFile(join(outputDir, 'notes.txt.bak-1'), 'not the tool’s');

    const dry = await runCli(['uninstall', '--dry-run', '--remove-files', ...common]);
    expect(dry.exitCode, `${dry.stdout}\n${dry.stderr}`).toBe(0);
    for (const f of copies) expect(dry.stdout).toContain(f.split('/').pop()!);
    expect(dry.stdout).not.toContain('notes.txt.bak-1');

    const r = await runCli(['uninstall', '--yes', '--remove-files', ...common], { timeoutMs: 180_000 });
    expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(await backupsIn(outputDir)).toEqual(['notes.txt.bak-1']);
    expect(existsSync(join(outputDir, 'payload.txt'))).toBe(false);
  });
});
