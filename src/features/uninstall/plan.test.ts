import { describe, expect, it } from 'vitest';
import { MANAGED_BY_LABEL } from '../../platform/kube/labels.js';
import { buildUninstallPlan, itemsToRemove, removalCount, setItemAction, toggleItem, type UninstallPlan } from './plan.js';
import { handMadeSecret, installedSnapshot, uninstalledSnapshot, UNINSTALL_SECRETS } from './plan.testkit.js';
import { formatUninstallPlan, confirmQuestion } from './report.js';
import { OTHER_SECRETS_LISTED, otherSecretsIn } from './snapshot.js';
import type { V1Secret } from '@kubernetes/client-node';

const action = (plan: UninstallPlan, id: string) => plan.items.find((i) => i.id === id)?.action;
const reason = (plan: UninstallPlan, id: string) => plan.items.find((i) => i.id === id)?.reason;

describe('buildUninstallPlan', () => {
  it("removes the release and the tool's own objects; keeps the license, the namespace, files and backups", () => {
    const plan = buildUninstallPlan(installedSnapshot());
    expect(itemsToRemove(plan).map((i) => i.id)).toEqual([
      'release/pro-builder',
      'secret/registry-secret',
      'secret/payload-secret',
      'secret/buildkit-daemon-certs',
      'secret/buildkit-client-certs',
      'serviceaccount/pro-builder-ecr',
    ]);
    expect(action(plan, 'secret/aws-ecr-credentials')).toBe('absent');
    expect(action(plan, 'secret/openfaas-license')).toBe('keep');
    expect(reason(plan, 'secret/openfaas-license')).toMatch(/other OpenFaaS components use it/);
    expect(action(plan, 'namespace/openfaas')).toBe('keep');
    expect(reason(plan, 'namespace/openfaas')).toMatch(/other OpenFaaS components use it/);
    expect(action(plan, 'file/payload.txt')).toBe('keep');
    expect(action(plan, 'file/backups')).toBe('keep');
    expect(plan.items.find((i) => i.id === 'file/backups')?.selectable).toBe(false);
    expect(plan.warnings).toEqual([]);
    expect(removalCount(plan)).toEqual({ objects: 6, files: 0 });
  });

  it('keeps an object without the managed-by label and says it was made by hand', () => {
    const s = installedSnapshot();
    s.secrets.registry = handMadeSecret('registry', { 'config.json': '{}' });
    s.irsaServiceAccount = { metadata: { name: 'pro-builder-ecr', labels: { [MANAGED_BY_LABEL]: 'Helm' } } };
    const plan = buildUninstallPlan(s);
    expect(action(plan, 'secret/registry-secret')).toBe('keep');
    expect(reason(plan, 'secret/registry-secret')).toBe('made by hand, not by probuilder-setup');
    expect(action(plan, 'serviceaccount/pro-builder-ecr')).toBe('keep');
    expect(reason(plan, 'serviceaccount/pro-builder-ecr')).toBe('managed by Helm, not by probuilder-setup');
  });

  it('removes a hand-made object only when explicitly included, and says so', () => {
    const s = installedSnapshot();
    s.secrets.registry = handMadeSecret('registry', { 'config.json': '{}' });
    const plan = buildUninstallPlan(s, { include: ['secret/registry-secret'] });
    expect(action(plan, 'secret/registry-secret')).toBe('remove');
    expect(reason(plan, 'secret/registry-secret')).toMatch(/made by hand.*removed because of --include secret\/registry-secret/);
  });

  it('--keep wins over the default and over broader removals', () => {
    const plan = buildUninstallPlan(installedSnapshot(), { keep: ['secret/registry-secret', 'file/certs/ca.key'], removeFiles: true });
    expect(action(plan, 'secret/registry-secret')).toBe('keep');
    expect(reason(plan, 'secret/registry-secret')).toBe('kept: --keep secret/registry-secret');
    expect(action(plan, 'file/certs/ca.key')).toBe('keep');
    expect(action(plan, 'file/certs/ca.crt')).toBe('remove');
    expect(action(plan, 'file/payload.txt')).toBe('remove');
    expect(action(plan, 'file/backups')).toBe('keep');
  });

  it('--remove-license and --remove-namespace remove them, with warnings naming what goes with the namespace', () => {
    const s = installedSnapshot();
    s.secrets.awsCredentials = handMadeSecret('awsCredentials', { 'aws-ecr-credentials': 'x' });
    const plan = buildUninstallPlan(s, { removeLicense: true, removeNamespace: true });
    expect(action(plan, 'secret/openfaas-license')).toBe('remove');
    expect(reason(plan, 'secret/openfaas-license')).toMatch(/removed because of --remove-license/);
    expect(action(plan, 'namespace/openfaas')).toBe('remove');
    expect(plan.warnings.join('\n')).toMatch(
      /Deleting namespace openfaas deletes everything still in it, including what is marked keep \(secret\/aws-ecr-credentials\)/,
    );
    expect(plan.warnings.join('\n')).toMatch(/stop working without openfaas-license/);
  });

  it('keeps a secret another release still reads, even though this tool made it, and says who reads it', () => {
    // `uninstall --release other` in a namespace where release pro-builder is running.
    const snapshot = installedSnapshot({
      release: 'other',
      helmRelease: undefined,
      secretUsers: { 'payload-secret': ['deployment/pro-builder'], 'registry-secret': ['deployment/pro-builder'] },
    });
    const plan = buildUninstallPlan(snapshot);
    expect(action(plan, 'secret/payload-secret')).toBe('keep');
    expect(reason(plan, 'secret/payload-secret')).toBe('still used by deployment/pro-builder, which this uninstall leaves in place');
    expect(action(plan, 'secret/registry-secret')).toBe('keep');
    expect(action(plan, 'secret/buildkit-daemon-certs')).toBe('remove');
    const forced = buildUninstallPlan(snapshot, { include: ['secret/payload-secret'] });
    expect(reason(forced, 'secret/payload-secret')).toBe(
      'still used by deployment/pro-builder, which this uninstall leaves in place; removed because of --include secret/payload-secret',
    );
  });

  it('lists other secrets in the namespace as kept, not choosable, and caps a long list with a count', () => {
    const others = Array.from({ length: OTHER_SECRETS_LISTED + 3 }, (_, i) => ({ name: `s${String(i).padStart(3, '0')}` }));
    const plan = buildUninstallPlan(installedSnapshot({ otherSecrets: others }));
    expect(action(plan, 'secret/s000')).toBe('keep');
    expect(plan.items.find((i) => i.id === 'secret/s000')?.selectable).toBe(false);
    expect(action(plan, `secret/s${String(OTHER_SECRETS_LISTED).padStart(3, '0')}`)).toBeUndefined();
    expect(reason(plan, '3 more secrets')).toMatch(/kubectl get secrets/);
    expect(toggleItem(plan, 'secret/s000')).toBe(plan);
  });

  it('otherSecretsIn skips the names it manages, helm release records and what the release rendered', () => {
    const secret = (name: string, extra: Partial<V1Secret> = {}): V1Secret => ({ ...extra, metadata: { name, ...extra.metadata } });
    const found = otherSecretsIn(
      [
        secret('registry-secret'),
        secret('sh.helm.release.v1.pro-builder.v2', { type: 'helm.sh/release.v1' }),
        secret('rendered', { metadata: { name: 'rendered', annotations: { 'meta.helm.sh/release-name': 'pro-builder' } } }),
        secret('zeta', { type: 'kubernetes.io/tls' }),
        secret('alpha', { metadata: { name: 'alpha', labels: { [MANAGED_BY_LABEL]: 'argocd' } } }),
      ],
      'pro-builder',
    );
    expect(found).toEqual([
      { name: 'alpha', type: undefined, managedBy: 'argocd' },
      { name: 'zeta', type: 'kubernetes.io/tls', managedBy: undefined },
    ]);
  });

  it('keeps a release of another chart by default', () => {
    const plan = buildUninstallPlan(
      installedSnapshot({
        helmRelease: {
          name: 'pro-builder',
          namespace: 'openfaas',
          status: 'deployed',
          revision: 3,
          chartName: 'nginx',
          chartVersion: '1.0.0',
        },
      }),
    );
    expect(action(plan, 'release/pro-builder')).toBe('keep');
    expect(reason(plan, 'release/pro-builder')).toBe('chart nginx is not the pro-builder');
    expect(plan.warnings.join()).toMatch(/pods will fail to restart/);
  });

  it('on a second run everything chosen is absent and nothing is to be removed', () => {
    const plan = buildUninstallPlan(uninstalledSnapshot());
    expect(itemsToRemove(plan)).toEqual([]);
    expect(plan.items.filter((i) => i.action !== 'absent').map((i) => i.id)).toEqual(['secret/openfaas-license', 'namespace/openfaas']);
    expect(confirmQuestion(plan)).toBe('Remove nothing from kind-builders/openfaas?');
  });

  it('treats everything as absent when the namespace is gone or being deleted', () => {
    const gone = buildUninstallPlan(
      installedSnapshot({ namespaceExists: false, helmRelease: undefined, secrets: {}, irsaServiceAccount: undefined }),
    );
    expect(reason(gone, 'release/pro-builder')).toBe('namespace openfaas does not exist');
    const terminating = buildUninstallPlan(uninstalledSnapshot({ namespaceTerminating: true, secrets: {} }));
    expect(action(terminating, 'namespace/openfaas')).toBe('absent');
    expect(reason(terminating, 'namespace/openfaas')).toBe('being deleted by Kubernetes');
  });

  it('keeps what is not a regular file where a file belongs, even with --remove-files or --include, and says why', () => {
    const s = installedSnapshot();
    s.files = s.files.map((f) => (f.relativePath === 'payload.txt' ? { ...f, bytes: undefined, notRegular: 'a named pipe (FIFO)' } : f));
    const reasonText = '/work/site/payload.txt is a named pipe (FIFO), not a regular file; it is never removed';
    for (const selection of [{}, { removeFiles: true }, { include: ['file/payload.txt'] }]) {
      const plan = buildUninstallPlan(s, selection);
      expect(plan.items.find((i) => i.id === 'file/payload.txt')).toMatchObject({ action: 'keep', reason: reasonText, selectable: false });
      expect(toggleItem(plan, 'file/payload.txt')).toBe(plan);
      expect(formatUninstallPlan(plan)).toContain(
        `= keep   File /work/site/payload.txt (HMAC signing secret for build clients) — ${reasonText}`,
      );
    }
    const plan = buildUninstallPlan(s, { removeFiles: true });
    expect(action(plan, 'file/config.json')).toBe('remove');
    expect(removalCount(plan).files).toBe(7);
  });

  it('never puts a secret value in the plan or its text, only key names and sizes', () => {
    const plan = buildUninstallPlan(installedSnapshot(), { removeLicense: true });
    const text = formatUninstallPlan(plan) + JSON.stringify(plan.items);
    for (const v of Object.values(UNINSTALL_SECRETS)) {
      expect(text).not.toContain(v);
      expect(text).not.toContain(Buffer.from(v).toString('base64'));
    }
    expect(text).toContain(`payload-secret: ${UNINSTALL_SECRETS.payload.length} bytes`);
  });
});

describe('setItemAction / toggleItem', () => {
  it('switches a selectable item with a reason that names the user, and recomputes warnings', () => {
    const plan = buildUninstallPlan(installedSnapshot());
    const kept = toggleItem(plan, 'secret/registry-secret');
    expect(action(kept, 'secret/registry-secret')).toBe('keep');
    expect(reason(kept, 'secret/registry-secret')).toBe('kept by you');
    const removedNs = setItemAction(kept, 'namespace/openfaas', 'remove');
    expect(reason(removedNs, 'namespace/openfaas')).toBe('other OpenFaaS components use it; removed because you chose it');
    expect(removedNs.warnings[0]).toMatch(/secret\/registry-secret/);
    const back = toggleItem(toggleItem(removedNs, 'namespace/openfaas'), 'secret/registry-secret');
    expect(back.warnings).toEqual([]);
    expect(reason(back, 'secret/registry-secret')).toBe('made by probuilder-setup');
  });

  it('keeps the hand-made note when a hand-made object is toggled', () => {
    const s = installedSnapshot();
    s.secrets.registry = handMadeSecret('registry', { 'config.json': '{}' });
    const plan = toggleItem(buildUninstallPlan(s), 'secret/registry-secret');
    expect(reason(plan, 'secret/registry-secret')).toBe('made by hand, not by probuilder-setup; removed because you chose it');
    expect(reason(toggleItem(plan, 'secret/registry-secret'), 'secret/registry-secret')).toBe('made by hand, not by probuilder-setup');
  });

  it('leaves absent and locked items alone', () => {
    const plan = buildUninstallPlan(installedSnapshot());
    expect(toggleItem(plan, 'secret/aws-ecr-credentials')).toBe(plan);
    expect(toggleItem(plan, 'file/backups')).toBe(plan);
  });
});
