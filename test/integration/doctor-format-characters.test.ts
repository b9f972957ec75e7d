/**
 * Text from events reaches the screen without format characters (issue 13, item 12): a Warning event
 * on the pro-builder's pod whose message carries a right-to-left override and zero-width characters
 * (which make printed text read differently from what it is) is shown by the built doctor, in its
 * text and its --output json, with those characters removed and the rest of the message kept.
 */
import { expect, it } from 'vitest';
import { runCli } from './cliHarness.js';
import { describeWithCharts, kubeClient, namespacesDeletedAfterAll, rawApis, testbed, uniqueNamespace } from './testbed.js';
import { installOnTestbed, SMALL_BUILDKIT } from './testbedInstall.js';

/** Bidi embeddings, overrides and isolates, zero-width characters, the BOM, soft hyphen: all \p{Cf}. */
const FORMAT_CHARACTERS = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u;

describeWithCharts('doctor: format characters from events never reach the output', () => {
  const kube = kubeClient();
  const namespaces = namespacesDeletedAfterAll(() => kube);

  it('a Warning event whose message hides text behind a right-to-left override is shown with the override removed', async () => {
    const ns = uniqueNamespace('cf');
    namespaces.push(ns);
    await installOnTestbed({ kube, helmBinary: testbed.helm4!, chart: '0.6.10', namespace: ns, ...SMALL_BUILDKIT });
    const [pod] = await kube.listPods(ns, { labelSelector: 'app=pro-builder' });
    const now = new Date();
    await rawApis().core.createNamespacedEvent({
      namespace: ns,
      body: {
        metadata: { name: `${pod!.metadata!.name!}.cf`, namespace: ns },
        involvedObject: { kind: 'Pod', namespace: ns, name: pod!.metadata!.name! },
        reason: 'Failed',
        message: 'Failed to pull image "ghcr.io/acme/tool\u202egnp.exe\u202c": not\u200b found\u2066 here\u2069\ufeff',
        type: 'Warning',
        count: 1,
        firstTimestamp: now,
        lastTimestamp: now,
      },
    });
    const common = ['doctor', '--kubeconfig', testbed.kubeconfig!, '-n', ns];

    const json = await runCli([...common, '--output', 'json']);
    expect(json.stdout).toMatch(/ghcr\.io\/acme\/toolgnp\.exe/);
    expect(json.stdout).toMatch(/not found here/);
    // JSON.stringify writes these characters as they are; none is left to write.
    expect(json.stdout).not.toMatch(FORMAT_CHARACTERS);

    const text = await runCli(common);
    expect(text.stdout).toMatch(/ghcr\.io\/acme\/toolgnp\.exe/);
    expect(text.stdout).not.toMatch(FORMAT_CHARACTERS);
  });
});
