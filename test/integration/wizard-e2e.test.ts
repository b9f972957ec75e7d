import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { decodeSecretData, SECRET_NAMES } from '../../src/shared/secrets/index.js';
import { describeWithCluster, hasReferenceCharts, kubeClient, namespacesDeletedAfterAll, testbed, uniqueNamespace } from './testbed.js';
import { hasTmux, TmuxTerminal } from './terminal.js';
import { acceptBuildkitDefaults, confirmInstallInto, declineTestBuild, wizardInstallFlags } from './wizardTerminal.js';

const cli = resolve(import.meta.dirname, '../../dist/cli.js');
const runnable = hasReferenceCharts && (hasTmux() || process.env['CI']);
const describeE2e = runnable ? describeWithCluster : describeWithCluster.skip;

describeE2e('the built binary in a real terminal: a full interactive install', () => {
  let term: TmuxTerminal | undefined;
  const kube = () => kubeClient();
  const namespaces = namespacesDeletedAfterAll(() => kube());
  afterEach(() => term?.close());

  it('walks from an empty namespace to a running pro-builder, and a second run changes nothing', async () => {
    const ns = uniqueNamespace('e2e');
    namespaces.push(ns);
    const dir = await mkdtemp(join(tmpdir(), 'pbs-e2e-'));
    await writeFile(join(dir, 'LICENSE'), 'e2e-license-value-0123456789');
    const args = [
      process.execPath,
      cli,
      ...wizardInstallFlags({ kubeconfig: testbed.kubeconfig!, namespace: ns, licenseFile: join(dir, 'LICENSE') }),
    ];
    const env = { HELM: testbed.helm3!, PATH: process.env['PATH'] ?? '' };
    term = TmuxTerminal.start(args, { cwd: dir, env, rows: 60 }); // tall enough for the whole review (on 40 rows it collapses to counts)

    // Cluster: the confirmation defaults to "No"; choose to install and create the namespace.
    await term.waitFor(/Install into this cluster\?/);
    expect(term.screen()).toContain(`Namespace   ${ns} (does not exist yet)`);
    await confirmInstallInto(term);

    await term.waitFor(/Which registry should the builder push images to\?/);
    term.press('Enter'); // ttl.sh
    await acceptBuildkitDefaults(term);

    const review = await term.waitFor(/Apply\? \(y\/N\)/);
    expect(review).toMatch(/\+ create Namespace/);
    expect(review).toMatch(/\+ create Secret .*payload-secret \(payload-secret: 44 bytes\)/);
    expect(await kube().getNamespace(ns)).toBeUndefined(); // nothing touched before the confirmation
    term.type('y');

    await term.waitFor(/The pro-builder is running in namespace/, 90_000);
    await declineTestBuild(term);
    expect(await term.waitForExit()).toBe(0);

    const payload = await readFile(join(dir, 'payload.txt'), 'utf8');
    const secret = decodeSecretData((await kube().getSecret(ns, SECRET_NAMES.payload))!)['payload-secret']!.toString();
    expect(secret).toBe(payload);
    const dep = await kube().getDeployment(ns, 'pro-builder');
    expect(dep?.status?.availableReplicas).toBe(1);
    // Every byte the program wrote to the terminal: no secret, nor its base64.
    const output = term.output();
    for (const value of [payload, 'e2e-license-value-0123456789']) {
      expect(output).not.toContain(value);
      expect(output).not.toContain(Buffer.from(value).toString('base64'));
    }
    term.close();

    // Second run: everything is found in place; declining at the review exits 130 with nothing changed.
    term = TmuxTerminal.start(args, { cwd: dir, env, rows: 60 });
    await term.waitFor(/Install into this cluster\?/);
    await confirmInstallInto(term);
    await term.waitFor(/Which registry should the builder push images to\?/);
    // The first run's choice, read back from registry-secret, is highlighted.
    expect(term.screen()).toMatch(/❯ ttl\.sh — in use now/);
    term.press('Enter');
    await term.waitFor(/already has signing secret payload-secret \(payload-secret: 44 bytes\)/);
    expect(term.screen()).toMatch(/❯ Keep it/);
    term.press('Enter');
    await acceptBuildkitDefaults(term);
    const again = await term.waitFor(/Everything is already in place/);
    expect(again).toMatch(/= keep Secret .*payload-secret/);
    expect(again).not.toMatch(/\+ create|~ update/);
    term.press('Enter');
    await term.waitFor(/Nothing was changed/);
    expect(await term.waitForExit()).toBe(130);
    expect(await readFile(join(dir, 'payload.txt'), 'utf8')).toBe(payload);
  });
});
