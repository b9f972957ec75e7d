import { gzipSync } from 'node:zlib';
import { RELEASE_SECRET_TYPE } from '../storedRelease.js';

/** helm's encodeRelease: JSON, gzipped, base64; `gzip: false` stores the plain JSON helm also reads. */
export function encodeRelease(release: object, opts: { gzip?: boolean } = {}): string {
  const json = Buffer.from(JSON.stringify(release));
  return (opts.gzip === false ? json : gzipSync(json, { level: 9 })).toString('base64');
}

export interface ReleaseSecretRequest {
  release?: string;
  namespace?: string;
  revision?: number;
  status?: string;
  chartName?: string;
  chartVersion?: string;
  appVersion?: string;
  chartValues?: Record<string, unknown> | null;
  config?: Record<string, unknown> | null;
  firstDeployed?: string;
  lastDeployed?: string;
  description?: string;
  gzip?: boolean;
  /** helm 4 records "ssa" or "csa"; helm 3 writes no such field. */
  applyMethod?: string;
}

/** A release in helm's stored shape (what `helm status -o json` prints, chart and values included). */
export function storedRelease(r: ReleaseSecretRequest = {}): Record<string, unknown> {
  return {
    name: r.release ?? 'pro-builder',
    namespace: r.namespace ?? 'openfaas',
    version: r.revision ?? 1,
    info: {
      first_deployed: r.firstDeployed ?? r.lastDeployed ?? '2025-03-14T11:40:00.123456789Z',
      last_deployed: r.lastDeployed ?? '2025-03-14T11:40:00.123456789Z',
      deleted: '',
      description: r.description ?? 'Install complete',
      status: r.status ?? 'deployed',
      notes: 'Thank you for installing the pro-builder.',
    },
    chart: {
      metadata: {
        name: r.chartName ?? 'pro-builder',
        version: r.chartVersion ?? '0.4.19',
        apiVersion: 'v1',
        ...(r.appVersion ? { appVersion: r.appVersion } : {}),
      },
      templates: [{ name: 'templates/deployment.yml', data: Buffer.from('kind: Deployment\n').toString('base64') }],
      values: r.chartValues === undefined ? { replicas: 1, fullnameOverride: 'pro-builder' } : r.chartValues,
    },
    config: r.config === undefined ? {} : r.config,
    manifest: '---\n# Source: pro-builder/templates/deployment.yml\n',
    ...(r.applyMethod ? { apply_method: r.applyMethod } : {}),
  };
}

/** The Secret helm's storage driver writes for one revision (data base64-encoded as the API returns it). */
export function releaseSecret(r: ReleaseSecretRequest = {}) {
  const release = r.release ?? 'pro-builder';
  const revision = r.revision ?? 1;
  const status = r.status ?? 'deployed';
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: RELEASE_SECRET_TYPE,
    metadata: {
      name: `sh.helm.release.v1.${release}.v${revision}`,
      namespace: r.namespace ?? 'openfaas',
      labels: { name: release, owner: 'helm', status, version: String(revision), modifiedAt: '1741952400' },
    },
    data: { release: Buffer.from(encodeRelease(storedRelease(r), { gzip: r.gzip })).toString('base64') },
  };
}
