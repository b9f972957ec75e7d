/**
 * `uninstall --remove-files` and something other than a regular file where one of the install's
 * files belongs (a FIFO at payload.txt, a folder at certs/ca.key, a FIFO named like a .bak-* copy):
 * the plan and the summary list each as kept with why, the run never opens (hangs on) nor removes
 * them, the regular files go, and the exit code stays 0. Built binary, test bed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { SECRET_NAMES } from '../../src/shared/secrets/index.js';
import { installProBuilder } from '../fixtures/installedRelease.js';
import { runCli } from './cliHarness.js';
import { describeWithCharts, kubeClient, namespacesDeletedAfterAll, referenceChart, testbed, uniqueNamespace } from './testbed.js';

describeWithCharts('uninstall --remove-files and a FIFO or folder where a file belongs', () => {
  const kube = kubeClient();
  const namespaces = namespacesDeletedAfterAll(() => kube);

  it('lists each as kept with the reason (plan, dry run and summary), removes neither, removes the rest, exits 0', async () => {
    const ns = uniqueNamespace('unfifo');
    namespaces.push(ns);
    const { outputDir } = await installProBuilder({
      kube,
      kubeconfig: testbed.kubeconfig!,
      helmBinary: testbed.helm4!,
      chartDir: referenceChart('0.4.19'),
      namespace: ns,
      buildkitCpu: '100m',
      buildkitMemory: '128Mi',
    });
    const payload = join(outputDir, 'payload.txt');
    const caKey = join(outputDir, 'certs', 'ca.key');
    const bak = join(outputDir, 'payload.txt.bak-2026-01-01T00-00-00-000Z');
    expect(existsSync(payload)).toBe(true);
    await rm(payload);
    execFileSync('mkfifo', [payload]);
    await rm(caKey);
    await mkdir(caKey);
    execFileSync('mkfifo', [bak]);
    const fifoReason = `${payload} is a named pipe (FIFO), not a regular file; it is never removed`;
    const folderReason = `${caKey} is a folder, not a regular file; it is never removed`;
    const bakReason = `${bak} is a named pipe (FIFO), not a regular file; it is never removed`;
    const common = ['--kubeconfig', testbed.kubeconfig!, '-n', ns, '-o', outputDir];

    // A FIFO that were opened would block the run until runCli's timeout: the exit code says it was not.
    const dry = await runCli(['uninstall', '--dry-run', '--remove-files', ...common]);
    expect(dry.exitCode, `${dry.stdout}\n${dry.stderr}`).toBe(0);
    expect(dry.stdout).toContain(`= keep   File ${payload} (HMAC signing secret for build clients) — ${fifoReason}`);
    expect(dry.stdout).toContain(`= keep   File ${caKey} (BuildKit CA private key) — ${folderReason}`);
    expect(dry.stdout).toContain(`— ${bakReason}`);
    expect(dry.stdout).toMatch(/- remove File \S+\/config\.json/);

    const r = await runCli(['uninstall', '--yes', '--remove-files', ...common], { timeoutMs: 180_000 });
    const said = `${r.stdout}\n${r.stderr}`;
    expect(r.exitCode, said).toBe(0);
    expect(r.stdout).toContain(`Kept file/payload.txt: ${fifoReason}.`);
    expect(r.stdout).toContain(`Kept file/certs/ca.key: ${folderReason}.`);
    expect(r.stdout).toContain(`Kept file/payload.txt.bak-2026-01-01T00-00-00-000Z: ${bakReason}.`);
    expect(lstatSync(payload).isFIFO(), said).toBe(true);
    expect(lstatSync(caKey).isDirectory(), said).toBe(true);
    expect(lstatSync(bak).isFIFO(), said).toBe(true);
    // The regular files and the tool's secrets went as usual.
    expect(existsSync(join(outputDir, 'config.json')), said).toBe(false);
    expect(existsSync(join(outputDir, 'certs', 'ca.crt')), said).toBe(false);
    expect(await kube.getSecret(ns, SECRET_NAMES.payload)).toBeUndefined();
  });
});
