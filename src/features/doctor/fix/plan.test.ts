import { describe, expect, it } from 'vitest';
import type { CheckOutcome, CheckStatus } from '../types.js';
import { affectedChecks, planFixes } from './plan.js';
import type { FixFacts } from './types.js';

function finding(checkId: string, status: CheckStatus = 'fail', fix?: string): CheckOutcome {
  return {
    id: checkId,
    checkId,
    category: 'Secrets',
    description: checkId,
    status,
    summary: `${checkId} is broken`,
    evidence: [],
    fix,
    durationMs: 0,
  };
}

const base: FixFacts = {
  namespace: 'openfaas',
  release: 'pro-builder',
  valuesFile: 'custom-values.yaml',
  outputDir: '/out',
  chartVersion: '0.4.19',
  generation: 'mtls',
  deploymentName: 'pro-builder',
  localPayload: 'missing',
  certSecrets: { daemon: { ours: true }, client: { ours: true } },
  values: { disableHmac: false, rootless: true, image: 'moby/buildkit:v0.15.1-rootless', privileged: false },
};

const facts = (over: Partial<FixFacts>): FixFacts => ({ ...base, ...over });

describe('planFixes', () => {
  it.each([
    // [case, findings, facts, remedies planned, consent asked for, unfixable ids]
    ['missing payload-secret, no payload.txt', [finding('secrets.payload')], facts({}), ['payload-secret'], [], []],
    [
      'missing payload-secret, sound payload.txt reused',
      [finding('secrets.payload')],
      facts({ localPayload: 'sound' }),
      ['payload-secret'],
      [],
      [],
    ],
    [
      'bad payload-secret this tool made',
      [finding('secrets.payload')],
      facts({ payloadSecret: { ours: true } }),
      ['payload-secret'],
      [],
      [],
    ],
    [
      'bad payload-secret made by hand',
      [finding('secrets.payload')],
      facts({ payloadSecret: { ours: false } }),
      ['payload-secret'],
      ['payload-secret'],
      [],
    ],
    [
      'missing registry-secret with a usable config.json',
      [finding('secrets.registry')],
      facts({ dockerConfig: { path: '/out/config.json', usable: true } }),
      ['registry-secret'],
      [],
      [],
    ],
    ['missing registry-secret, no config.json', [finding('secrets.registry')], facts({}), [], [], ['secrets.registry']],
    [
      'registry-secret made by hand, replaced from --docker-config',
      [finding('secrets.registry')],
      facts({ registrySecret: { ours: false }, dockerConfig: { path: '/c.json', usable: true } }),
      ['registry-secret'],
      ['registry-secret'],
      [],
    ],
    [
      'unusable config.json',
      [finding('secrets.registry')],
      facts({ dockerConfig: { path: '/c.json', usable: false, problem: 'credsStore' } }),
      [],
      [],
      ['secrets.registry'],
    ],
    ['certificates failing the audit', [finding('secrets.certificates')], facts({}), ['certificates'], [], []],
    ['certificates expiring soon (warn)', [finding('secrets.certificates', 'warn')], facts({}), ['certificates'], [], []],
    [
      'certificates made by hand',
      [finding('secrets.certificates')],
      facts({ certSecrets: { daemon: { ours: false }, client: { ours: true } } }),
      ['certificates'],
      ['certificates'],
      [],
    ],
    [
      'certificates on a socket chart',
      [finding('secrets.certificates')],
      facts({ generation: 'socket' }),
      [],
      [],
      ['secrets.certificates'],
    ],
    [
      'IRSA without --aws-role-arn',
      [finding('irsa.service-account')],
      facts({ irsa: { serviceAccount: 'pro-builder-ecr', exists: true } }),
      [],
      [],
      ['irsa.service-account'],
    ],
    [
      'IRSA with --aws-role-arn',
      [finding('irsa.service-account')],
      facts({ irsa: { serviceAccount: 'pro-builder-ecr', exists: true, roleArn: 'arn:aws:iam::123456789012:role/r' } }),
      ['irsa-annotation'],
      [],
      [],
    ],
    ['disableHmac: true', [finding('helm.values')], facts({ values: { ...base.values!, disableHmac: true } }), ['hmac'], [], []],
    [
      'rootless with a root image',
      [finding('helm.values', 'warn')],
      facts({ values: { ...base.values!, image: 'moby/buildkit:v0.15.1' } }),
      ['buildkit-mode'],
      [],
      [],
    ],
    [
      'root mode without privileged',
      [finding('helm.values', 'warn')],
      facts({ values: { ...base.values!, rootless: false, image: 'moby/buildkit:v0.15.1' } }),
      ['buildkit-mode'],
      [],
      [],
    ],
    [
      'disableHmac and a wrong image: both',
      [finding('helm.values')],
      facts({ values: { ...base.values!, disableHmac: true, image: 'moby/buildkit:v0.15.1' } }),
      ['hmac', 'buildkit-mode'],
      [],
      [],
    ],
    [
      'node too small with a smaller figure',
      [finding('nodes.fit')],
      facts({ requests: { cpu: { from: '2000m', to: '1450m' } } }),
      ['requests'],
      ['requests'],
      [],
    ],
    ['node too small, nothing fits', [finding('nodes.fit')], facts({}), [], [], ['nodes.fit']],
    ['a warning with no remedy keeps its fix', [finding('logs.buildkit', 'warn', 'kubectl logs …')], facts({}), [], [], ['logs.buildkit']],
    [
      'a release stuck in pending-upgrade for long: rolled back and upgraded',
      [finding('helm.release')],
      facts({ releaseStatus: { status: 'pending-upgrade', revision: 3 } }),
      ['stuck-release'],
      [],
      [],
    ],
    [
      'a pending-upgrade younger than 10 minutes: asked separately, it may still be running',
      [finding('helm.release', 'warn')],
      facts({ releaseStatus: { status: 'pending-upgrade', revision: 3 } }),
      ['stuck-release'],
      ['stuck-release'],
      [],
    ],
    [
      'pending-install: removing it deletes, so it is left to the printed fix',
      [finding('helm.release')],
      facts({ releaseStatus: { status: 'pending-install', revision: 1 } }),
      [],
      [],
      ['helm.release'],
    ],
    [
      'passing and skipped rows are not planned',
      [finding('secrets.payload', 'pass'), finding('irsa.token', 'skipped')],
      facts({}),
      [],
      [],
      [],
    ],
  ] as const)('%s', (_name, findings, f, remedies, consent, unfixable) => {
    const plan = planFixes(findings, f);
    expect(plan.fixes.map((x) => x.remedy)).toEqual(remedies);
    expect(plan.fixes.filter((x) => x.needsConsent).map((x) => x.remedy)).toEqual(consent);
    expect(plan.unfixable.map((u) => u.id)).toEqual(unfixable);
  });

  it('reuses a sound payload.txt instead of writing a new one, and restarts the Deployment', () => {
    const [fix] = planFixes([finding('secrets.payload')], facts({ localPayload: 'sound' })).fixes;
    expect(fix!.actions).toEqual([{ op: 'payload-secret', reuseLocalFile: true, replace: false }]);
    expect(fix!.changes.map((c) => `${c.kind}:${c.action}`)).toEqual(['Secret:create', 'Deployment:restart']);
    expect(fix!.rollsDeployment).toBe(true);
  });

  it('writes a new payload.txt when the local one is unusable, keeping it beside', () => {
    const [fix] = planFixes([finding('secrets.payload')], facts({ localPayload: 'unsound' })).fixes;
    expect(fix!.changes[0]).toMatchObject({ kind: 'File', name: '/out/payload.txt', action: 'write' });
    expect(fix!.changes[0]!.detail).toContain('kept beside it');
  });

  it('shows values changes as before → after and pins the upgrade to the installed chart', () => {
    const [fix] = planFixes([finding('helm.values')], facts({ values: { ...base.values!, disableHmac: true } })).fixes;
    expect(fix!.changes.map((c) => c.detail)).toEqual([
      'disableHmac: true → false',
      "helm upgrade pinned to the installed chart 0.4.19 with custom-values.yaml (the release's other values are kept)",
    ]);
    expect(fix!.rollsDeployment).toBe(false);
  });

  it('derives the rootless image from the one in use, and the root securityContext', () => {
    const rootless = planFixes([finding('helm.values', 'warn')], facts({ values: { ...base.values!, image: 'moby/buildkit:v0.15.1' } }))
      .fixes[0]!;
    expect(rootless.actions).toEqual([
      { op: 'values', edits: [{ path: ['buildkit', 'image'], value: 'moby/buildkit:v0.15.1-rootless', before: 'moby/buildkit:v0.15.1' }] },
    ]);
    const root = planFixes(
      [finding('helm.values', 'warn')],
      facts({ values: { ...base.values!, rootless: false, image: 'moby/buildkit:v0.15.1' } }),
    ).fixes[0]!;
    expect(root.actions[0]).toMatchObject({
      op: 'values',
      edits: [{ path: ['buildkit', 'securityContext'], value: { runAsUser: 0, runAsGroup: 0, privileged: true } }],
    });
  });

  it('asks before lowering requests and names the new figure', () => {
    const [fix] = planFixes(
      [finding('nodes.fit')],
      facts({ requests: { cpu: { from: '2000m', to: '1450m' }, memory: { from: '2Gi', to: '1536Mi' } } }),
    ).fixes;
    expect(fix!.needsConsent).toContain('CPU 2000m → 1450m, memory 2Gi → 1536Mi');
    expect(fix!.title).toContain('1450m');
  });

  it('lists the checks to re-run, once each', () => {
    const plan = planFixes([finding('secrets.payload'), finding('secrets.certificates')], facts({}));
    expect(affectedChecks(plan.fixes)).toEqual(['secrets.payload', 'workload.deployment', 'workload.pods', 'secrets.certificates']);
  });

  it('keeps the printed fix of what it cannot fix', () => {
    const plan = planFixes(
      [finding('irsa.service-account', 'fail', 'kubectl annotate …')],
      facts({ irsa: { serviceAccount: 'sa', exists: true } }),
    );
    expect(plan.unfixable).toEqual([
      {
        id: 'irsa.service-account',
        checkId: 'irsa.service-account',
        summary: 'irsa.service-account is broken',
        reason: expect.stringContaining('--aws-role-arn'),
        fix: 'kubectl annotate …',
      },
    ]);
  });
});
