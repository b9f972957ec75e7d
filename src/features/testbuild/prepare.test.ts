import { createHook } from 'node:async_hooks';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Kube } from '../../platform/kube/client.js';
import type { TestBuildOptions } from './options.js';
import { prepareTestBuild } from './prepare.js';
import { invalidTestBuildFlags } from './validate.js';

const base: TestBuildOptions = {
  namespace: 'openfaas',
  release: 'pro-builder',
  yes: false,
  dryRun: false,
  debug: false,
  color: false,
  output: 'json',
  timeout: '10m',
};
const now = () => new Date('2026-12-03T19:00:00Z');

function keyFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pbs-prep-'));
  writeFileSync(join(dir, 'payload.txt'), text);
  return join(dir, 'payload.txt');
}

/** A cluster holding just these secrets (data as the API returns it: base64). */
function clusterWith(secrets: Record<string, Record<string, string>>): Kube {
  return {
    getSecret: async (_ns: string, name: string) =>
      secrets[name]
        ? {
            metadata: { name },
            data: Object.fromEntries(Object.entries(secrets[name]).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
          }
        : undefined,
    getServiceAccount: async () => undefined,
  } as unknown as Kube;
}

const noCluster = async (): Promise<Kube> => {
  throw new Error('the cluster was contacted');
};

describe('prepareTestBuild', () => {
  it('with --builder-url, --payload-secret-file and --image it never contacts the cluster; the key is trimmed', async () => {
    const p = await prepareTestBuild(
      { ...base, builderUrl: 'http://127.0.0.1:8081', payloadSecretFile: keyFile('s3cret\n'), image: 'ttl.sh/x:1h' },
      60_000,
      { kube: noCluster, now },
    );
    expect(p.kind).toBe('ready');
    if (p.kind !== 'ready') return;
    expect(p.request.reach).toEqual({ kind: 'url', url: 'http://127.0.0.1:8081' });
    expect(p.request.payloadSecret).toBe('s3cret');
    expect(p.request.context.map((e) => e.path)).toEqual(['Dockerfile', 'probuilder-test.txt']);
  });

  it('reads the key and the registry from the cluster when the flags leave them out', async () => {
    const kube = clusterWith({
      'payload-secret': { 'payload-secret': 'from-cluster\n' },
      'registry-secret': {
        'config.json': JSON.stringify({ auths: { 'registry.example.com:5000': { auth: Buffer.from('team:pw').toString('base64') } } }),
      },
    });
    const p = await prepareTestBuild({ ...base, builderUrl: 'http://127.0.0.1:8081' }, 60_000, { kube: async () => kube, now });
    expect(p).toMatchObject({
      kind: 'ready',
      request: {
        payloadSecret: 'from-cluster',
        image: 'registry.example.com:5000/team/probuilder-test:20261203190000',
        keySource: { kind: 'cluster' },
      },
    });
  });

  it('asks for the key and the registry at once, not one after the other', async () => {
    const kube = clusterWith({
      'payload-secret': { 'payload-secret': 'k' },
      'registry-secret': {
        'config.json': JSON.stringify({ auths: { 'registry.example.com': { auth: Buffer.from('team:pw').toString('base64') } } }),
      },
    });
    let inFlight = 0;
    let most = 0;
    const read = kube.getSecret.bind(kube);
    kube.getSecret = async (ns: string, name: string) => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      return read(ns, name);
    };
    const p = await prepareTestBuild({ ...base, builderUrl: 'http://127.0.0.1:8081' }, 60_000, { kube: async () => kube, now });
    expect(p.kind).toBe('ready');
    expect(most).toBe(2);
  });

  it('looks up the pro-builder pod in the same wave as the secret reads (far from the API server, a wave is a round trip)', async () => {
    const cluster = clusterWith({ 'payload-secret': { 'payload-secret': 'k' } });
    const pod = {
      metadata: { name: 'pro-builder-abc-12345' },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
    };
    const deployment = {
      metadata: { name: 'pro-builder' },
      spec: { selector: { matchLabels: { component: 'pro-builder', app: 'pro-builder' } } },
    };
    // Every read waits for the gate: whatever is asked before it opens went out in the first wave.
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const asked: string[] = [];
    const held =
      <A extends unknown[], R>(name: string, answer: (...a: A) => Promise<R>) =>
      async (...a: A) => {
        asked.push(name);
        await gate;
        return answer(...a);
      };
    const kube = {
      ...cluster,
      target: { kubeconfigFile: '/k', contextName: 'far' },
      getSecret: held('getSecret', cluster.getSecret.bind(cluster)),
      listDeployments: held('listDeployments', async () => [deployment]),
      getDeployment: held('getDeployment', async () => deployment),
      listPods: held('listPods', async () => [pod]),
    } as unknown as Kube;
    const prepared = prepareTestBuild({ ...base, image: 'ttl.sh/x:1h' }, 60_000, { kube: async () => kube, now });
    const deadline = Date.now() + 10_000;
    while (!(asked.includes('getSecret') && asked.includes('listDeployments') && asked.includes('listPods')) && Date.now() < deadline)
      await new Promise((r) => setImmediate(r));
    expect(asked).toEqual(expect.arrayContaining(['getSecret', 'listDeployments', 'listPods']));
    open();
    const p = await prepared;
    expect(p.kind).toBe('ready');
    if (p.kind !== 'ready' || p.request.reach.kind !== 'forward') throw new Error(`not a forward: ${JSON.stringify(p)}`);
    expect((await p.request.reach.workload)?.pod).toBe('pro-builder-abc-12345');
    // The Deployment's selector is the chart's: the pods listed with the guess were the right ones.
    expect(asked.filter((n) => n === 'listPods')).toHaveLength(1);
  });

  it('ECR without --image is a usage error carrying the create-repository command', async () => {
    const kube = clusterWith({
      'payload-secret': { 'payload-secret': 'k' },
      'registry-secret': {
        'config.json': JSON.stringify({
          credsStore: 'ecr-login',
          credHelpers: { '123456789012.dkr.ecr.eu-west-1.amazonaws.com': 'ecr-login' },
        }),
      },
    });
    const p = await prepareTestBuild(base, 60_000, { kube: async () => kube, now });
    expect(p.kind).toBe('usage');
    if (p.kind === 'ready') return;
    expect(p.nextStep).toContain('aws ecr create-repository --repository-name probuilder-test --region eu-west-1');
  });

  it('a missing payload-secret fails before any build', async () => {
    const p = await prepareTestBuild({ ...base, image: 'ttl.sh/x:1h' }, 60_000, { kube: async () => clusterWith({}), now });
    expect(p).toMatchObject({ kind: 'failed', message: expect.stringContaining('openfaas/payload-secret') });
  });

  it('--context-dir without a Dockerfile is a usage error, before the cluster', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pbs-ctx-'));
    const p = await prepareTestBuild({ ...base, contextDir: dir }, 60_000, { kube: noCluster, now });
    expect(p).toMatchObject({ kind: 'usage', message: expect.stringContaining('has no Dockerfile') });
  });
});

describe('the files of a --builder-url run', () => {
  // An async file operation waits on Node's thread pool, which starts on first use (~3 ms before the
  // first line): the key file and the context are checked and read with synchronous calls.
  it('are checked and read without an async file request (no thread pool)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pbs-prep-'));
    mkdirSync(join(dir, 'ctx/sub'), { recursive: true });
    writeFileSync(join(dir, 'ctx/Dockerfile'), 'FROM scratch\nCOPY . /\n');
    writeFileSync(join(dir, 'ctx/sub/file'), 'x');
    const o = {
      ...base,
      builderUrl: 'http://127.0.0.1:8081',
      payloadSecretFile: keyFile('k\n'),
      image: 'r/a:1',
      contextDir: join(dir, 'ctx'),
    };
    const requests: string[] = [];
    const hook = createHook({ init: (_id, type) => void (type.startsWith('FSREQ') && requests.push(type)) }).enable();
    try {
      const { problems } = await invalidTestBuildFlags(o);
      expect(problems).toEqual([]);
      const p = await prepareTestBuild(o, 60_000, { kube: noCluster, now });
      expect(p.kind).toBe('ready');
      if (p.kind === 'ready') expect(p.request.context.map((e) => e.path)).toEqual(['Dockerfile', 'sub', 'sub/file']);
    } finally {
      hook.disable();
    }
    expect(requests).toEqual([]);
  });
});
