// Test helpers only: uninstall snapshots with made-up content, for the pure planner and the screens.
import type { V1Secret } from '@kubernetes/client-node';
import { TEST_TARGET, existingSecret } from '../../shared/testing/cluster.js';
import { IRSA_SERVICE_ACCOUNT, ownedLabels, type SecretRole } from '../../shared/secrets/index.js';
import { INSTALL_LOCAL_FILES, type UninstallSnapshot } from './snapshot.js';

export const UNINSTALL_SECRETS = {
  payload: 'c2lnbmluZy1zZWNyZXQtdGhhdC1tdXN0LW5vdC1sZWFr',
  license: 'LICENSE-eyJhbGciOiJSUzI1NiJ9.never-print-me',
  registry: '{"auths":{"ghcr.io":{"auth":"b2N0bzpodW50ZXIy"}}}',
} as const;

/** A secret as `kubectl create secret` makes it: no managed-by label. */
export function handMadeSecret(role: SecretRole, data: Record<string, string>): V1Secret {
  const s = existingSecret(role, data);
  s.metadata = { ...s.metadata, labels: {} };
  return s;
}

/** A full 0.4.x install by this tool: release, every secret, the IRSA account, files on disk. */
export function installedSnapshot(over: Partial<UninstallSnapshot> = {}): UninstallSnapshot {
  return {
    target: TEST_TARGET,
    namespace: 'openfaas',
    release: 'pro-builder',
    outputDir: '/work/site',
    namespaceExists: true,
    namespaceTerminating: false,
    helmRelease: {
      name: 'pro-builder',
      namespace: 'openfaas',
      status: 'deployed',
      revision: 1,
      chartName: 'pro-builder',
      chartVersion: '0.4.19',
    },
    secrets: {
      license: existingSecret('license', { license: UNINSTALL_SECRETS.license }),
      registry: existingSecret('registry', { 'config.json': UNINSTALL_SECRETS.registry }),
      payload: existingSecret('payload', { 'payload-secret': UNINSTALL_SECRETS.payload }),
      daemonCerts: existingSecret('daemonCerts', { 'ca.crt': 'CA', 'server.crt': 'CRT', 'server.key': 'KEY' }),
      clientCerts: existingSecret('clientCerts', { 'ca.crt': 'CA', 'client.crt': 'CRT', 'client.key': 'KEY' }),
    },
    irsaServiceAccount: { metadata: { name: IRSA_SERVICE_ACCOUNT, namespace: 'openfaas', labels: ownedLabels() } },
    files: INSTALL_LOCAL_FILES.map((f) => ({ ...f, path: `/work/site/${f.relativePath}`, exists: true, bytes: 44 })),
    backupCount: 2,
    ...over,
  };
}

/** What a second uninstall sees: the namespace and license remain, the rest is gone. */
export function uninstalledSnapshot(over: Partial<UninstallSnapshot> = {}): UninstallSnapshot {
  const s = installedSnapshot();
  return {
    ...s,
    helmRelease: undefined,
    secrets: { license: s.secrets.license },
    irsaServiceAccount: undefined,
    files: s.files.map((f) => ({ ...f, exists: false, bytes: undefined })),
    backupCount: 0,
    ...over,
  };
}
