import { describe, expect, it } from 'vitest';
import { certSecretData, generateCertificateSet } from '../../shared/certs/index.js';
import { ALL_CHECKS } from './checks/index.js';
import { cleanLine } from '../../shared/text/cleanLine.js';
import { toJson, toPlainText, toShortText, type JsonReport } from './format.js';
import { runChecks } from './runner.js';
import { NOW, NS, POD, secret, serviceAccount } from './testing/fixtures.js';
import { fakeJwt } from './testing/jwt.js';
import { chartValues, healthyScenario, LICENSE_VALUE, PAYLOAD_VALUE, REGISTRY_AUTH, testCertificates } from './testing/scenario.js';
import type { CheckOutcome } from './types.js';

const META = { cluster: { context: 'kind-doctor', server: 'https://127.0.0.1:6443' }, namespace: NS, release: 'pro-builder' };
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSENTINEL02';

/** An install where nearly every secret is wrong in a way that makes checks talk about it. */
async function brokenRun() {
  const s = await healthyScenario();
  const put = (x: ReturnType<typeof secret>) => s.kube.secrets.set(`${NS}/${x.metadata!.name}`, x);
  put(secret('openfaas-license', { LICENSE: LICENSE_VALUE }));
  put(secret('payload-secret', { 'payload-secret': `${PAYLOAD_VALUE}\n` }));
  put(
    secret('registry-secret', { 'config.json': JSON.stringify({ auths: { 'ghcr.io': { auth: REGISTRY_AUTH } }, credsStore: 'desktop' }) }),
  );
  const other = certSecretData(await generateCertificateSet({ now: NOW, days: 5 }));
  put(secret('buildkit-client-certs', other.client));
  put(
    secret('aws-ecr-credentials', {
      'aws-ecr-credentials': `[builder]\naws_access_key_id=AKIAIOSFODNN7EXAMPLE\naws_secret_access_key=${AWS_SECRET}\n`,
    }),
  );
  s.helm.values = chartValues({ awsCredentialsSecret: 'aws-ecr-credentials', serviceAccount: 'pro-builder-ecr', disableHmac: true });
  s.kube.serviceAccounts.set(
    `${NS}/pro-builder-ecr`,
    serviceAccount('pro-builder-ecr', { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/pro-builder-ecr' }),
  );
  const token = fakeJwt({
    iss: 'https://issuer.example',
    sub: 'system:serviceaccount:openfaas:pro-builder-ecr',
    aud: ['sts.amazonaws.com'],
    exp: NOW.getTime() / 1000 + 600,
    nonce: 'TOKEN-SENTINEL',
  });
  s.kube.tokens.set('pro-builder-ecr', token);
  s.kube.logs.set(`${POD}/pro-builder`, `\x1b[31mERROR\x1b[0m x509: certificate signed by unknown authority\n`);
  const outcomes = await runChecks(ALL_CHECKS, s.ctx());
  const secrets = [
    LICENSE_VALUE,
    PAYLOAD_VALUE,
    REGISTRY_AUTH,
    Buffer.from(REGISTRY_AUTH, 'base64').toString(),
    AWS_SECRET,
    token,
    'TOKEN-SENTINEL',
  ];
  const set = await testCertificates();
  for (const pem of [set.caKey, set.serverKey, set.clientKey, other.client['client.key'], set.serverCert]) {
    // Every body line of the PEM: no fragment of key or certificate material may leak.
    secrets.push(...pem.split('\n').filter((l) => l && !l.startsWith('-----')));
  }
  return { outcomes, secrets: [...secrets, ...secrets.map((v) => Buffer.from(v).toString('base64'))] };
}

describe('reports', () => {
  it('toJson is one valid document with the schema, and holds no secret bytes', async () => {
    const { outcomes, secrets } = await brokenRun();
    const text = toJson(outcomes, META);
    const doc = JSON.parse(text) as JsonReport;
    expect(doc.version).toBe(1);
    expect(doc.cluster).toEqual(META.cluster);
    expect(doc.namespace).toBe('openfaas');
    expect(doc.release).toBe('pro-builder');
    expect(doc.summary.fail).toBeGreaterThan(3);
    expect(doc.summary.exitCode).toBe(3);
    expect(doc.summary.pass + doc.summary.warn + doc.summary.fail + doc.summary.skipped).toBe(doc.checks.length);
    for (const c of doc.checks) {
      expect(Object.keys(c).sort()).toEqual([
        'category',
        'description',
        'evidence',
        'final',
        'fix',
        'hint',
        'id',
        'skipReason',
        'status',
        'subject',
        'summary',
      ]);
    }
    expect(doc.checks.find((c) => c.id === 'helm.values')?.status).toBe('fail');
    for (const value of secrets) expect(text.includes(value), `leaked ${value.slice(0, 12)}…`).toBe(false);
    // Terminal escapes from a log line never reach the report.
    expect(text).not.toContain('\\u001b');
  });

  it('the text renderers hold no secret bytes either', async () => {
    const { outcomes, secrets } = await brokenRun();
    const texts = [toPlainText(outcomes, { color: true }), toPlainText(outcomes, { color: false }), toShortText(outcomes)];
    for (const text of texts) for (const value of secrets) expect(text.includes(value)).toBe(false);
  });
});

const row = (o: Partial<CheckOutcome> & Pick<CheckOutcome, 'id' | 'status' | 'category'>): CheckOutcome => ({
  checkId: o.id.split('/')[0]!,
  description: o.id,
  summary: `${o.id} summary`,
  evidence: [],
  durationMs: 1,
  ...o,
});

describe('toPlainText', () => {
  const rows = [
    row({ id: 'secrets.payload', category: 'Secrets', status: 'warn', evidence: ['key payload-secret: 45 bytes'], hint: 'Recreate it.' }),
    row({ id: 'cluster.reachable', category: 'Cluster', status: 'pass', evidence: ['server https://127.0.0.1:6443'] }),
    row({
      id: 'workload.pods/pro-builder-abc',
      subject: 'pro-builder-abc',
      category: 'Workload',
      status: 'fail',
      summary: 'crash-looping',
      hint: 'See logs.',
      fix: 'kubectl rollout restart deployment/pro-builder -n openfaas',
    }),
    row({ id: 'irsa.token', category: 'IRSA', status: 'skipped', skipReason: 'not-applicable' }),
  ];

  it('groups by category in report order with glyphs, hints and fixes under problems', () => {
    const text = toPlainText(rows, { color: false });
    expect(text).not.toContain('\x1b');
    const order = ['Cluster', 'Secrets', 'Workload', 'IRSA'].map((c) => text.indexOf(`${c}\n`));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(text).toContain('✓ cluster.reachable: cluster.reachable summary');
    expect(text).toContain('‼ secrets.payload: secrets.payload summary\n    key payload-secret: 45 bytes\n    see: Recreate it.');
    expect(text).toContain('× workload.pods/pro-builder-abc: pro-builder-abc: crash-looping');
    expect(text).toContain('    fix: kubectl rollout restart deployment/pro-builder -n openfaas');
    expect(text).toContain('– irsa.token');
    // Evidence of passing rows stays out of the way.
    expect(text).not.toContain('server https://127.0.0.1:6443');
    expect(text.trimEnd().split('\n').pop()).toBe('× 1 passed, 1 warning, 1 failed, 1 skipped');
  });

  it('colours only when asked', () => {
    expect(toPlainText(rows, { color: true })).toContain('\x1b[31m×\x1b[0m');
  });
});

describe('toShortText', () => {
  it('lists only problems, one line each plus hint and fix', () => {
    const text = toShortText([
      row({ id: 'cluster.reachable', category: 'Cluster', status: 'pass' }),
      row({
        id: 'secrets.payload',
        category: 'Secrets',
        status: 'skipped',
        skipReason: 'forbidden',
        summary: 'Could not check: needs get on secrets in namespace openfaas.',
      }),
      row({
        id: 'helm.values',
        category: 'Helm release',
        status: 'fail',
        summary: 'disableHmac is true.',
        hint: 'Set it to false.',
        fix: 'helm upgrade …',
      }),
    ]);
    expect(text).toBe(
      '– [secrets.payload] Could not check: needs get on secrets in namespace openfaas.\n× [helm.values] disableHmac is true.\n    hint: Set it to false.\n    fix:  helm upgrade …\n',
    );
  });

  it('says so when all is well', () => {
    expect(
      toShortText([
        row({ id: 'a', category: 'Cluster', status: 'pass' }),
        row({ id: 'b', category: 'IRSA', status: 'skipped', skipReason: 'not-applicable' }),
      ]),
    ).toBe('All checks passed (1 not applicable).\n');
  });
});

describe('clean', () => {
  it('strips bidi overrides and zero-width characters from log and event text', () => {
    expect(cleanLine('pull ok\u202e\u2066gnp.exe\u2069\u200b done — 名前')).toBe('pull okgnp.exe done — 名前');
  });

  it('--output json drops format characters from every text field, the check id made from an event included', () => {
    const json = toJson(
      [
        row({
          id: 'events.warnings/image-pull:ghcr.io/acme/tool\u202egnp.exe\u202c',
          subject: 'pod\u200b x',
          category: 'Events',
          status: 'warn',
          summary: 'image \u2066pull\u2069',
        }),
      ],
      { cluster: { context: 'c', server: 'https://127.0.0.1:6443' }, namespace: NS, release: 'pro-builder' },
    );
    expect(json).not.toMatch(/[\p{Cf}]/u);
    const [check] = (JSON.parse(json) as JsonReport).checks;
    expect(check).toMatchObject({ id: 'events.warnings/image-pull:ghcr.io/acme/toolgnp.exe', summary: 'image pull' });
  });

  it('the report uses the one sanitiser: a hyperlink or title escape in a pod log leaves nothing behind', () => {
    const text = toPlainText(
      [row({ id: 'a', category: 'Cluster', status: 'fail', summary: 'see \x1b]8;;http://x\x07here\x1b]8;;\x07 \x1b]0;owned\x07now' })],
      { color: false },
    );
    expect(text).toContain('see here now');
    expect(text).not.toMatch(/\]8;;|owned|\x1b/);
  });
});
