// The install planner as tables: what the plan does with the license, the signing secret and the BuildKit
// certificates for each combination of what the cluster holds, what an earlier run left on disk and what was
// answered, for both chart generations (0.4.19 with BuildKit mTLS, 0.6.10 with a unix socket).
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CERTIFICATE_FILES, certSecretData, generateCertificateSet, type CertificateSet } from '../../shared/certs/index.js';
import { assessSigningSecret } from '../../shared/signing/index.js';
import { SECRET_NAMES, secretManifest } from '../../shared/secrets/index.js';
import type { ClusterSnapshot, LocalSnapshot } from '../../shared/snapshot/snapshot.js';
import type { V1Secret } from '@kubernetes/client-node';
import { InstallInputError, type InstallAnswers } from './answers.js';
import type { InstallPlan } from './plan.js';
import { existingSecret, testPlan, TEST_SECRETS } from './plan.testkit.js';
import { formatPlan } from './report.js';

const NOW = new Date('2026-01-02T03:04:05Z');
const DAY = 86_400_000;
const OUT = '/work/site';
const PAYLOAD_FILE = join(OUT, 'payload.txt');
/** What the cluster holds (a signing secret of an earlier install) and what a sound payload.txt on disk holds. */
const CLUSTER_PAYLOAD = 'Y2x1c3Rlci1zaWduaW5nLXNlY3JldC0zMi1ieXRlcyEhIQ==';
const LOCAL_PAYLOAD = 'bG9jYWwtc2lnbmluZy1zZWNyZXQtMzItYnl0ZXMtb2shIQ==';
/** What the planner's fresh-material callback makes. */
const FRESH_PAYLOAD = TEST_SECRETS.signing;

const GENERATIONS = [
  { version: '0.6.10', generation: 'socket' },
  { version: '0.4.19', generation: 'mtls' },
] as const;

let fresh: CertificateSet;
let valid: CertificateSet;
let onDisk: CertificateSet;
let expired: CertificateSet;

beforeAll(async () => {
  // RSA key generation is the slow part: four sets, made once for the file.
  [fresh, valid, onDisk, expired] = await Promise.all([
    generateCertificateSet({ now: NOW }),
    generateCertificateSet({ now: new Date(NOW.getTime() - 30 * DAY) }),
    generateCertificateSet({ now: new Date(NOW.getTime() - 2 * DAY) }),
    // Leaf certificates last 825 days: these ended before NOW.
    generateCertificateSet({ now: new Date(NOW.getTime() - 900 * DAY) }),
  ]);
}, 180_000);

const certSecrets = (set: CertificateSet): Pick<ClusterSnapshot['secrets'], 'daemonCerts' | 'clientCerts'> => {
  const data = certSecretData(set);
  const stored = (name: string, d: Record<string, string>): V1Secret => ({
    ...secretManifest(name, 'openfaas', d),
    metadata: { name, namespace: 'openfaas', resourceVersion: '9' },
  });
  return { daemonCerts: stored(SECRET_NAMES.daemonCerts, data.daemon), clientCerts: stored(SECRET_NAMES.clientCerts, data.client) };
};

/** Each secret of the plan as "action" (create, update, keep, unchanged), by secret name. */
const secretActions = (plan: InstallPlan) =>
  Object.fromEntries(plan.objects.filter((o) => o.kind === 'Secret').map((o) => [o.name, o.action]));
const noteOf = (plan: InstallPlan, name: string) => plan.objects.find((o) => o.name === name)?.note;
const fileAction = (plan: InstallPlan, path: string) => plan.files.find((f) => f.path === path)?.action;
const certFiles = (plan: InstallPlan) => plan.files.filter((f) => f.path.startsWith(join(OUT, 'certs')));

describe.each(GENERATIONS)('the license and the signing secret, chart $version ($generation)', ({ version }) => {
  const plan = (secrets: ClusterSnapshot['secrets'], local: Partial<LocalSnapshot>, answers: Partial<InstallAnswers> = {}) =>
    testPlan({ chartVersion: version, freshCerts: fresh, cluster: { secrets }, local, answers: { outputDir: OUT, ...answers } });
  const license = existingSecret('license', { license: TEST_SECRETS.license });
  const clusterPayload = existingSecret('payload', { 'payload-secret': CLUSTER_PAYLOAD });

  it('the made-up secrets are sound signing secrets (so only the planner decides what is reused)', () => {
    expect(assessSigningSecret(CLUSTER_PAYLOAD)).toEqual([]);
    expect(assessSigningSecret(LOCAL_PAYLOAD)).toEqual([]);
  });

  it.each([
    // case, the cluster's secrets, local, answers → license, payload secret, signing secret used, payload.txt, note on the payload secret
    ['a first install: both secrets created, a fresh signing secret', {}, {}, {}, 'create', 'create', FRESH_PAYLOAD, 'write', undefined],
    ['a license already in the cluster is kept, never replaced', { license }, {}, {}, 'keep', 'create', FRESH_PAYLOAD, 'write', undefined],
    [
      "the cluster's signing secret is kept, and payload.txt written to match",
      { license, payload: clusterPayload },
      {},
      {},
      'keep',
      'keep',
      CLUSTER_PAYLOAD,
      'write',
      'kept (use --rotate-signing-secret to replace it)',
    ],
    [
      'a payload.txt that already matches the cluster is left alone',
      { license, payload: clusterPayload },
      { payload: CLUSTER_PAYLOAD },
      {},
      'keep',
      'keep',
      CLUSTER_PAYLOAD,
      'unchanged',
      'kept (use --rotate-signing-secret to replace it)',
    ],
    [
      "the cluster's signing secret wins over a different payload.txt",
      { license, payload: clusterPayload },
      { payload: LOCAL_PAYLOAD },
      {},
      'keep',
      'keep',
      CLUSTER_PAYLOAD,
      'write',
      'kept (use --rotate-signing-secret to replace it)',
    ],
    [
      'rotation replaces the cluster’s signing secret with a fresh one and rewrites payload.txt',
      { license, payload: clusterPayload },
      { payload: CLUSTER_PAYLOAD },
      { rotateSigningSecret: true },
      'keep',
      'update',
      FRESH_PAYLOAD,
      'write',
      'rotated: build clients need the new payload.txt',
    ],
    [
      'a sound payload.txt an interrupted run left is reused for a missing secret',
      { license },
      { payload: LOCAL_PAYLOAD },
      {},
      'keep',
      'create',
      LOCAL_PAYLOAD,
      'unchanged',
      'from the existing payload.txt',
    ],
    [
      'rotation with no secret in the cluster still reuses the interrupted run’s payload.txt',
      { license },
      { payload: LOCAL_PAYLOAD },
      { rotateSigningSecret: true },
      'keep',
      'create',
      LOCAL_PAYLOAD,
      'unchanged',
      'from the existing payload.txt',
    ],
    [
      'a weak payload.txt is not reused: a fresh secret replaces it',
      { license },
      { payload: 'short' },
      {},
      'keep',
      'create',
      FRESH_PAYLOAD,
      'write',
      undefined,
    ],
  ] as const)('%s', (_case, secrets, local, answers, licenseAction, payloadAction, signing, payloadFile, note) => {
    const p = plan(secrets, local, answers);
    expect(secretActions(p)).toMatchObject({ [SECRET_NAMES.license]: licenseAction, [SECRET_NAMES.payload]: payloadAction });
    expect(p.secretsMaterial.signingSecret).toBe(signing);
    expect(fileAction(p, PAYLOAD_FILE)).toBe(payloadFile);
    expect(p.files.find((f) => f.path === PAYLOAD_FILE)?.content).toBe(signing);
    expect(noteOf(p, SECRET_NAMES.payload)).toBe(note);
  });

  it('a missing license (no secret in the cluster, no license file) stops the plan and names --license-file', () => {
    const attempt = () => plan({}, {}, { license: undefined });
    expect(attempt).toThrow(InstallInputError);
    expect(attempt).toThrow(/Secret openfaas-license is not in namespace openfaas and no license file was found/);
    try {
      attempt();
    } catch (e) {
      expect((e as InstallInputError).flag).toBe('--license-file');
    }
  });

  it('installs exactly the reviewed chart version', () => {
    const upgrade = plan({ license }, {}).helm.at(-1)!.args;
    expect(upgrade[upgrade.indexOf('--version') + 1]).toBe(version);
  });
});

describe('BuildKit certificates, chart 0.4.19 (mTLS)', () => {
  type CertCase = [
    string,
    () => Partial<ClusterSnapshot['secrets']>,
    () => CertificateSet | undefined,
    'create' | 'update' | 'keep',
    'create' | 'update' | 'keep',
    'fresh' | 'disk' | 'cluster',
    'write' | 'unchanged' | 'none',
  ];
  const cases: CertCase[] = [
    // case, cluster's cert secrets, certificates on disk → daemon secret, client secret, which set is used, certificate files
    ['none anywhere: a new set is generated and written', () => ({}), () => undefined, 'create', 'create', 'fresh', 'write'],
    [
      'valid ones in the cluster are kept, and nothing is written',
      () => certSecrets(valid),
      () => undefined,
      'keep',
      'keep',
      'cluster',
      'none',
    ],
    ['valid ones in the cluster win over others on disk', () => certSecrets(valid), () => onDisk, 'keep', 'keep', 'cluster', 'none'],
    [
      'expired ones in the cluster are replaced by a new set',
      () => certSecrets(expired),
      () => undefined,
      'update',
      'update',
      'fresh',
      'write',
    ],
    [
      'a cluster missing the client secret gets a whole new set',
      () => ({ daemonCerts: certSecrets(valid).daemonCerts }),
      () => undefined,
      'update',
      'create',
      'fresh',
      'write',
    ],
    [
      'a sound set an interrupted run left on disk is reused, its files left alone',
      () => ({}),
      () => onDisk,
      'create',
      'create',
      'disk',
      'unchanged',
    ],
    [
      'a sound set on disk also replaces expired ones in the cluster',
      () => certSecrets(expired),
      () => onDisk,
      'update',
      'update',
      'disk',
      'unchanged',
    ],
    ['an expired set on disk is not reused', () => ({}), () => expired, 'create', 'create', 'fresh', 'write'],
  ];

  it.each(cases)('%s', (_case, clusterCerts, localCerts, daemonAction, clientAction, used, files) => {
    const p = testPlan({
      chartVersion: '0.4.19',
      freshCerts: fresh,
      cluster: { secrets: { license: existingSecret('license', { license: TEST_SECRETS.license }), ...clusterCerts() } },
      local: { certs: localCerts() },
      answers: { outputDir: OUT },
    });
    expect(secretActions(p)).toMatchObject({ [SECRET_NAMES.daemonCerts]: daemonAction, [SECRET_NAMES.clientCerts]: clientAction });
    const expected = { fresh, disk: localCerts(), cluster: undefined }[used];
    expect(p.secretsMaterial.certs).toBe(expected);
    expect(p.secretsMaterial.certsGenerated).toBe(used === 'fresh');
    if (files === 'none') {
      expect(certFiles(p)).toEqual([]);
    } else {
      expect(
        certFiles(p)
          .map((f) => f.path.slice(OUT.length + 1))
          .sort(),
      ).toEqual(
        Object.values(CERTIFICATE_FILES)
          .map((f) => `certs/${f}`)
          .sort(),
      );
      expect(new Set(certFiles(p).map((f) => f.action))).toEqual(new Set([files]));
      expect(certFiles(p).every((f) => f.mode === 0o600)).toBe(true);
    }
  });

  it('makes new certificates instead of a CA key others can write (a planted CA), and says why in the review', () => {
    const p = testPlan({
      chartVersion: '0.4.19',
      freshCerts: fresh,
      cluster: { secrets: { license: existingSecret('license', { license: TEST_SECRETS.license }) } },
      local: { notReused: [{ path: join(OUT, 'certs', 'ca.key'), reason: 'others can write it (mode 0664)' }] },
      answers: { outputDir: OUT },
    });
    expect(p.secretsMaterial.certs).toBe(fresh);
    expect(p.secretsMaterial.certsGenerated).toBe(true);
    expect(formatPlan(p)).toMatch(
      new RegExp(
        `create Secret openfaas/${SECRET_NAMES.daemonCerts} .* — new certificates: /work/site/certs/ca\\.key was not reused \\(others can write it \\(mode 0664\\)\\)`,
      ),
    );
  });
});

describe('BuildKit certificates, chart 0.6.10 (socket)', () => {
  it('plans no certificate secrets or files, even with an older install’s certificates in the cluster and on disk', () => {
    const p = testPlan({
      chartVersion: '0.6.10',
      cluster: { secrets: { license: existingSecret('license', { license: TEST_SECRETS.license }), ...certSecrets(expired) } },
      local: { certs: onDisk },
      answers: { outputDir: OUT },
    });
    expect(Object.keys(secretActions(p))).not.toContain(SECRET_NAMES.daemonCerts);
    expect(Object.keys(secretActions(p))).not.toContain(SECRET_NAMES.clientCerts);
    expect(certFiles(p)).toEqual([]);
    expect(p.secretsMaterial).toMatchObject({ certs: undefined, certsGenerated: false });
  });
});
