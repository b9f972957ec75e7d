import { generateCertificateSet, certSecretData, type CertificateSet } from '../../../shared/certs/index.js';
import { createDoctorContext, type DoctorContext } from '../context.js';
import { FakeHelm, helmStatusJson } from '../../../platform/helm/testing/fakeHelm.js';
import { FakeKube } from '../../../platform/testing/fakeKube.js';
import { chartValues } from '../../../shared/testing/chartValues.js';
import { DEPLOYED_AT, NOW, NS, deployment, namespace, node, pod, secret } from './fixtures.js';

export { chartValues };

/** Secret values the tests later search every report for: none may ever appear. */
export const LICENSE_VALUE = 'eyJhbGciOiJSUzI1NiJ9.LICENSE-SENTINEL-c2VjcmV0LWxpY2Vuc2U.c2lnbmF0dXJlLXNlbnRpbmVs';
export const PAYLOAD_VALUE = 'Zk9xR2h0c1NFTlRJTkVMcGF5bG9hZDEyMzQ1Njc4OTA=';
export const REGISTRY_AUTH = Buffer.from('robot$builder:REGISTRY-TOKEN-SENTINEL-ghp_x1y2z3').toString('base64');
export const REGISTRY_CONFIG = JSON.stringify({ auths: { 'ghcr.io': { auth: REGISTRY_AUTH } } });

let certs: Promise<CertificateSet> | undefined;
/** One certificate set per test process: RSA key generation is the slow part. */
export function testCertificates(): Promise<CertificateSet> {
  return (certs ??= generateCertificateSet({ now: NOW }));
}

export interface Scenario {
  kube: FakeKube;
  helm: FakeHelm;
  ctx(overrides?: { stuckAfterMs?: number; helmDriver?: string }): DoctorContext;
}

/** A healthy mTLS-generation install: every check should pass or not apply. */
export async function healthyScenario(): Promise<Scenario> {
  const kube = new FakeKube();
  kube.readOnly = true; // the doctor only reads
  const helm = new FakeHelm();
  const set = await testCertificates();
  const certData = certSecretData(set);
  kube.namespaces.set(NS, namespace());
  const put = (s: ReturnType<typeof secret>) => kube.secrets.set(`${NS}/${s.metadata!.name}`, s);
  put(secret('openfaas-license', { license: LICENSE_VALUE }));
  put(secret('payload-secret', { 'payload-secret': PAYLOAD_VALUE }));
  put(secret('registry-secret', { 'config.json': REGISTRY_CONFIG }));
  put(secret('buildkit-daemon-certs', certData.daemon));
  put(secret('buildkit-client-certs', certData.client));
  kube.deployments.set(`${NS}/pro-builder`, deployment());
  kube.pods.push(pod());
  kube.nodes.push(
    node('kind-control-plane', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }),
    node('kwok-node-0'),
    node('kwok-node-1'),
  );
  kube.logs.set(
    `${pod().metadata!.name}/pro-builder`,
    'Starting pro-builder v0.5.1\nLicensed to: Example Ltd (expires 2026-01-01)\nListening on :8080\n',
  );
  kube.logs.set(`${pod().metadata!.name}/buildkit`, 'time="2025-03-14T11:43:10Z" level=info msg="running server on 127.0.0.1:1234"\n');
  helm.status = helmStatusJson({ chartVersion: '0.4.19', lastDeployed: DEPLOYED_AT, revision: 2 });
  helm.values = chartValues();
  return {
    kube,
    helm,
    ctx: (o = {}) => createDoctorContext({ kube, helm, namespace: NS, release: 'pro-builder', now: NOW, ...o }),
  };
}
