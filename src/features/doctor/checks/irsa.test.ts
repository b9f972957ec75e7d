import { describe, expect, it } from 'vitest';
import { runChecks } from '../runner.js';
import { NS, deployment, pod, serviceAccount } from '../testing/fixtures.js';
import { fakeJwt } from '../testing/jwt.js';
import { chartValues, healthyScenario } from '../testing/scenario.js';
import { irsaFsGroup, irsaPodEnv, irsaServiceAccountCheck, irsaToken } from './irsa.js';

const SA = 'pro-builder-ecr';
const ARN = 'arn:aws:iam::123456789012:role/pro-builder-ecr';
const ISSUER = 'https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const exp = Math.floor(new Date('2025-03-14T12:10:00Z').getTime() / 1000);

async function irsaScenario(claims: Record<string, unknown> = {}) {
  const s = await healthyScenario();
  s.helm.values = chartValues({ serviceAccount: SA, securityContext: { fsGroup: 65534 } });
  s.kube.serviceAccounts.set(`${NS}/${SA}`, serviceAccount(SA, { 'eks.amazonaws.com/role-arn': ARN }));
  s.kube.deployments.set(`${NS}/pro-builder`, deployment({ serviceAccount: SA, fsGroup: 65534 }));
  s.kube.pods = [
    pod({
      serviceAccount: SA,
      fsGroup: 65534,
      env: [
        { name: 'AWS_STS_REGIONAL_ENDPOINTS', value: 'regional' },
        { name: 'AWS_ROLE_ARN', value: ARN },
        { name: 'AWS_WEB_IDENTITY_TOKEN_FILE', value: '/var/run/secrets/eks.amazonaws.com/serviceaccount/token' },
      ],
    }),
  ];
  const token = fakeJwt({
    aud: ['sts.amazonaws.com'],
    exp,
    iat: exp - 600,
    iss: ISSUER,
    sub: `system:serviceaccount:${NS}:${SA}`,
    'kubernetes.io': { namespace: NS, serviceaccount: { name: SA } },
    ...claims,
  });
  s.kube.tokens.set(SA, token);
  return { s, token };
}

const IRSA = [irsaServiceAccountCheck, irsaToken, irsaPodEnv, irsaFsGroup];

describe('IRSA checks', () => {
  it('do not apply without values.serviceAccount', async () => {
    const s = await healthyScenario();
    const outcomes = await runChecks(IRSA, s.ctx());
    expect(outcomes.map((o) => o.skipReason)).toEqual(['not-applicable', 'not-applicable', 'not-applicable', 'not-applicable']);
    expect(s.kube.calls['createToken']).toBeUndefined();
  });

  it('pass on a correct EKS setup, and never show the token', async () => {
    const { s, token } = await irsaScenario();
    const outcomes = await runChecks(IRSA, s.ctx());
    expect(outcomes.map((o) => [o.id, o.status])).toEqual([
      ['irsa.service-account', 'pass'],
      ['irsa.token', 'pass'],
      ['irsa.pod-env/pro-builder-6c7d9f8b5d-x7k2p', 'pass'],
      ['irsa.fs-group', 'pass'],
    ]);
    expect(outcomes[1]!.summary).toContain('EKS OIDC issuer in eu-west-1');
    const text = JSON.stringify(outcomes);
    for (const part of token.split('.')) expect(text).not.toContain(part);
  });

  it('fails when the service account is missing, and the token check is skipped', async () => {
    const { s } = await irsaScenario();
    s.kube.serviceAccounts.clear();
    const outcomes = await runChecks(IRSA, s.ctx());
    expect(outcomes[0]).toMatchObject({ status: 'fail', fix: `kubectl create serviceaccount ${SA} -n ${NS}` });
    expect(outcomes[1]).toMatchObject({ status: 'skipped', skipReason: 'dependency' });
  });

  it('fails an annotation that is not a role ARN', async () => {
    const { s } = await irsaScenario();
    s.kube.serviceAccounts.set(`${NS}/${SA}`, serviceAccount(SA, { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:user/ci' }));
    const [o] = await runChecks([irsaServiceAccountCheck], s.ctx());
    expect(o!.status).toBe('fail');
    expect(o!.summary).toContain('names an IAM "user"');
  });

  it('warns when the issuer is not an EKS OIDC issuer', async () => {
    const { s } = await irsaScenario({ iss: 'https://kubernetes.default.svc.cluster.local' });
    const [, o] = await runChecks([irsaServiceAccountCheck, irsaToken], s.ctx());
    expect(o).toMatchObject({ status: 'warn' });
    expect(o!.hint).toContain("IRSA needs the cluster's OIDC issuer registered in IAM");
  });

  it('fails on a wrong subject or audience', async () => {
    const { s } = await irsaScenario({ sub: 'system:serviceaccount:openfaas:default', aud: ['https://kubernetes.default.svc'] });
    const [, o] = await runChecks([irsaServiceAccountCheck, irsaToken], s.ctx());
    expect(o!.status).toBe('fail');
    expect(o!.summary).toBe(`Token subject is system:serviceaccount:openfaas:default, expected system:serviceaccount:${NS}:${SA}.`);
    expect(o!.evidence.join('\n')).toContain('audience does not include sts.amazonaws.com');
  });

  it('warns when the webhook did not inject the role, with the restart command', async () => {
    const { s } = await irsaScenario();
    s.kube.pods = [pod({ serviceAccount: SA, fsGroup: 65534 })];
    const outcomes = await runChecks([irsaServiceAccountCheck, irsaPodEnv], s.ctx());
    expect(outcomes[1]).toMatchObject({ status: 'warn', fix: 'kubectl rollout restart deployment/pro-builder -n openfaas' });
  });

  it('warns when fsGroup is missing', async () => {
    const { s } = await irsaScenario();
    s.kube.deployments.set(`${NS}/pro-builder`, deployment({ serviceAccount: SA }));
    const [o] = await runChecks([irsaFsGroup], s.ctx());
    expect(o).toMatchObject({ status: 'warn' });
    expect(o!.fix).toContain('securityContext.fsGroup=65534');
  });

  it('honour the eks.amazonaws.com/audience annotation: the token is requested for it and checked against it', async () => {
    const { s } = await irsaScenario({ aud: ['custom.example'] });
    s.kube.serviceAccounts.set(
      `${NS}/${SA}`,
      serviceAccount(SA, { 'eks.amazonaws.com/role-arn': ARN, 'eks.amazonaws.com/audience': 'custom.example' }),
    );
    const [, o] = await runChecks([irsaServiceAccountCheck, irsaToken], s.ctx());
    expect(s.kube.tokenAudiences).toEqual([['custom.example']]);
    expect(o).toMatchObject({ status: 'pass' });
    expect(o!.summary).toContain('for custom.example');

    const { s: s2 } = await irsaScenario();
    s2.kube.serviceAccounts.set(
      `${NS}/${SA}`,
      serviceAccount(SA, { 'eks.amazonaws.com/role-arn': ARN, 'eks.amazonaws.com/audience': 'custom.example' }),
    );
    const [, o2] = await runChecks([irsaServiceAccountCheck, irsaToken], s2.ctx());
    expect(o2!.status).toBe('fail');
    expect(o2!.summary).toBe('Token audience does not include custom.example (from eks.amazonaws.com/audience).');
  });
});

describe('EKS Pod Identity', () => {
  const POD_IDENTITY_ENV = [
    { name: 'AWS_STS_REGIONAL_ENDPOINTS', value: 'regional' },
    { name: 'AWS_DEFAULT_REGION', value: 'eu-west-1' },
    { name: 'AWS_REGION', value: 'eu-west-1' },
    { name: 'AWS_CONTAINER_CREDENTIALS_FULL_URI', value: 'http://169.254.170.23/v1/credentials' },
    {
      name: 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
      value: '/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token',
    },
  ];

  async function podIdentityScenario(env = POD_IDENTITY_ENV) {
    const { s } = await irsaScenario();
    s.kube.serviceAccounts.set(`${NS}/${SA}`, serviceAccount(SA, {}));
    s.kube.pods = [pod({ serviceAccount: SA, fsGroup: 65534, env })];
    return s;
  }

  it('is recognised instead of reported as a broken IRSA: no annotation needed, no OIDC token check', async () => {
    const s = await podIdentityScenario();
    const outcomes = await runChecks(IRSA, s.ctx());
    expect(outcomes.map((o) => [o.id, o.status])).toEqual([
      ['irsa.service-account', 'pass'],
      ['irsa.token', 'skipped'],
      ['irsa.pod-env/pro-builder-6c7d9f8b5d-x7k2p', 'pass'],
      ['irsa.fs-group', 'pass'],
    ]);
    expect(outcomes[0]!.summary).toContain('EKS Pod Identity');
    expect(outcomes[1]!.summary).toContain('pods.eks.amazonaws.com');
    expect(outcomes[2]!.summary).toContain('AWS_CONTAINER_CREDENTIALS_FULL_URI');
    expect(s.kube.calls['createToken']).toBeUndefined();
  });

  it('still fails a service account without annotation when the pods show no Pod Identity either', async () => {
    const s = await podIdentityScenario([]);
    const [o] = await runChecks([irsaServiceAccountCheck], s.ctx());
    expect(o!.status).toBe('fail');
    expect(o!.hint).toContain('create-pod-identity-association');
  });

  it('quotes the annotate command: unquoted, a shell reads <account-id> as a redirect and runs nothing', async () => {
    const s = await podIdentityScenario([]);
    const [o] = await runChecks([irsaServiceAccountCheck], s.ctx());
    expect(o!.fix).toBe(
      `kubectl annotate serviceaccount ${SA} -n ${NS} 'eks.amazonaws.com/role-arn=arn:aws:iam::<account-id>:role/<role-name>' --overwrite`,
    );
  });

  it('warns, with the restart command, when the token file env is missing', async () => {
    const s = await podIdentityScenario(POD_IDENTITY_ENV.filter((e) => e.name !== 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE'));
    const [, o] = await runChecks([irsaServiceAccountCheck, irsaPodEnv], s.ctx());
    expect(o).toMatchObject({ status: 'warn', fix: 'kubectl rollout restart deployment/pro-builder -n openfaas' });
    expect(o!.summary).toContain('AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE');
  });
});
