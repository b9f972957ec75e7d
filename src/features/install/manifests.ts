import { basename } from 'node:path';
import type { V1Namespace, V1Secret, V1ServiceAccount } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { redactSecret } from '../../shared/secrets/index.js';
import type { InstallPlan } from './plan.js';

export interface ManifestFile {
  name: string;
  text: string;
  mode: number;
}

/**
 * What --write-manifests writes: each object the install would create or change, secrets with
 * their data replaced by "<redacted: N bytes>", and the values file as it would be written.
 */
export function redactedManifests(plan: InstallPlan): ManifestFile[] {
  const files: ManifestFile[] = [];
  for (const o of plan.objects) {
    const obj = o.desired ?? o.existing;
    if (o.kind === 'Namespace') {
      const ns: V1Namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: o.name } };
      files.push({ name: `namespace-${o.name}.yaml`, text: stringify(ns), mode: 0o644 });
      continue;
    }
    if (!obj) continue;
    if (o.kind === 'Secret') {
      files.push({ name: `secret-${o.name}.yaml`, text: stringify(redactSecret(obj as V1Secret)), mode: 0o600 });
    } else {
      const sa = obj as V1ServiceAccount;
      files.push({
        name: `serviceaccount-${o.name}.yaml`,
        text: stringify({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: sa.metadata }),
        mode: 0o644,
      });
    }
  }
  files.push({ name: basename(plan.values.path), text: plan.values.text, mode: 0o644 });
  return files;
}
