import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BUILDKIT_SECURITY_CONTEXT } from '../chart/generations.js';
import { applyValues, NEW_FILE_HEADER } from './apply.js';
import { ValuesError } from './errors.js';
import { desiredValues, type ValueSetting, type ValuesAnswers } from './settings.js';

const DEFAULTS_04 = { buildkit: { image: 'moby/buildkit:v0.15.1-rootless', rootless: true } };

/** A file a user might have kept since the README's root-mode instructions, with its own layout. */
const USER_FILE = `# Pro-builder values for the staging cluster
# Owner: platform team

buildkit:
    # root for now: see TICKET-12
    rootless: false   # flip when nodes get kernel 5.x
    image: moby/buildkit:v0.15.1
    securityContext:
        runAsUser: 0
        runAsGroup: 0
        privileged: true   # required in root mode

    resources:
        requests:
            memory: "2Gi"   # measured peak 1.6Gi

# Pin builds to the builder pool
nodeSelector:
    kubernetes.io/arch:   amd64   # only amd64 nodes
    pool: builders
tolerations:
-   key: builder
    operator: "Exists"
    effect: NoSchedule

replicas: 2   # two for HA
`;

/** Comments in USER_FILE outside the keys any answer can touch. */
const UNRELATED_COMMENTS = [
  '# Pro-builder values for the staging cluster',
  '# Owner: platform team',
  '# root for now: see TICKET-12',
  '# Pin builds to the builder pool',
  '# only amd64 nodes',
  '# measured peak 1.6Gi',
];

const UNTOUCHED_LINES = [
  '# Pro-builder values for the staging cluster',
  '    kubernetes.io/arch:   amd64   # only amd64 nodes',
  '    pool: builders',
  '-   key: builder',
  '    operator: "Exists"',
  '            memory: "2Gi"   # measured peak 1.6Gi',
];

const values = (text: string) => parse(text) as Record<string, Record<string, unknown>>;

function answers(generation: 'mtls' | 'socket', buildkitMode: 'rootless' | 'root', extra: Partial<ValuesAnswers> = {}): ValuesAnswers {
  return { generation, buildkitMode, chartDefaults: DEFAULTS_04, ...extra };
}

describe('applyValues on a new file', () => {
  it('starts with the header and holds exactly the settings', () => {
    const r = applyValues(undefined, desiredValues(answers('mtls', 'rootless', { replicas: 2 })));
    expect(
      r.text.startsWith(
        NEW_FILE_HEADER.split('\n')
          .map((l) => `#${l}`)
          .join('\n'),
      ),
    ).toBe(true);
    expect(r.text).toContain('probuilder-setup install');
    expect(values(r.text)).toEqual({
      buildkit: { rootless: true, image: 'moby/buildkit:v0.15.1-rootless', securityContext: BUILDKIT_SECURITY_CONTEXT.rootless },
      replicas: 2,
    });
    expect(r.changes.map((c) => [c.kind, c.path])).toEqual([
      ['add', 'buildkit.rootless'],
      ['add', 'buildkit.image'],
      ['add', 'buildkit.securityContext'],
      ['add', 'replicas'],
    ]);
  });

  it('treats a blank file as new', () => {
    expect(applyValues('  \n', [{ path: ['replicas'], value: 1 }]).text).toContain(NEW_FILE_HEADER.split('\n')[0]);
  });
});

describe('applyValues on a user file', () => {
  it('switching root → rootless (mtls) changes only what it must and keeps comments and layout', () => {
    const r = applyValues(USER_FILE, desiredValues(answers('mtls', 'rootless')));
    const v = values(r.text);
    expect(v['buildkit']).toEqual({
      rootless: true,
      image: 'moby/buildkit:v0.15.1-rootless',
      securityContext: BUILDKIT_SECURITY_CONTEXT.rootless,
      resources: { requests: { memory: '2Gi' } },
    });
    expect(v['nodeSelector']).toEqual({ 'kubernetes.io/arch': 'amd64', pool: 'builders' });
    expect(v['tolerations']).toEqual([{ key: 'builder', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(v['replicas']).toBe(2);
    for (const comment of [...UNRELATED_COMMENTS, '# required in root mode', '# two for HA']) expect(r.text).toContain(comment);
    for (const line of UNTOUCHED_LINES) expect(r.text.split('\n')).toContain(line);
    expect(r.changes).toEqual(
      expect.arrayContaining([
        { path: 'buildkit.rootless', before: false, after: true, kind: 'change' },
        { path: 'buildkit.securityContext.privileged', before: true, after: false, kind: 'change' },
        { path: 'buildkit.securityContext.seccompProfile', after: { type: 'Unconfined' }, kind: 'add' },
      ]),
    );
  });

  it('switching root → rootless (socket) drops the old securityContext, so privileged cannot linger', () => {
    const r = applyValues(USER_FILE, desiredValues(answers('socket', 'rootless')));
    const buildkit = values(r.text)['buildkit']!;
    expect(buildkit['securityContext']).toBeUndefined();
    expect(r.text).not.toContain('privileged');
    expect(buildkit['rootless']).toBe(true);
    // A pinned root image stays: the socket chart only uses buildkit.image in root mode.
    expect(buildkit['image']).toBe('moby/buildkit:v0.15.1');
    expect(r.changes).toContainEqual({
      path: 'buildkit.securityContext',
      before: { runAsUser: 0, runAsGroup: 0, privileged: true },
      kind: 'remove',
    });
  });

  it('switching rootless → root (mtls) leaves no rootless-only keys behind', () => {
    const rootless = applyValues(USER_FILE, desiredValues(answers('mtls', 'rootless'))).text;
    const r = applyValues(rootless, desiredValues(answers('mtls', 'root')));
    expect(values(r.text)['buildkit']!['securityContext']).toEqual(BUILDKIT_SECURITY_CONTEXT.root);
    expect(r.text).not.toContain('seccompProfile');
    expect(r.changes).toContainEqual({ path: 'buildkit.securityContext.seccompProfile', before: { type: 'Unconfined' }, kind: 'remove' });
  });

  it('on a socket chart, removes a rootless image left in buildkit.image by an older chart', () => {
    const old = applyValues(undefined, desiredValues(answers('mtls', 'rootless'))).text;
    const r = applyValues(old, desiredValues(answers('socket', 'root')));
    expect(values(r.text)).toEqual({ buildkit: { rootless: false } });
    expect(r.changes.map((c) => `${c.kind} ${c.path}`).sort()).toEqual([
      'change buildkit.rootless',
      'remove buildkit.image',
      'remove buildkit.securityContext',
    ]);
  });

  it('removes a key answered with null and the map it leaves empty, keeping non-empty ones', () => {
    const only = applyValues('securityContext:\n  fsGroup: 65534\nreplicas: 1\n', [{ path: ['securityContext', 'fsGroup'], delete: true }]);
    expect(only.text).toBe('replicas: 1\n');
    const shared = applyValues('securityContext:\n  fsGroup: 65534\n  runAsNonRoot: true\n', [
      { path: ['securityContext', 'fsGroup'], delete: true },
    ]);
    expect(values(shared.text)).toEqual({ securityContext: { runAsNonRoot: true } });
  });

  it('fills an empty key and keeps a comment-only file as its head', () => {
    expect(values(applyValues('buildkit:\n', [{ path: ['buildkit', 'rootless'], value: true }]).text)).toEqual({
      buildkit: { rootless: true },
    });
    const r = applyValues('# notes for later\n', [{ path: ['replicas'], value: 2 }]);
    expect(r.text).toBe('# notes for later\n\nreplicas: 2\n');
  });

  it('keeps Windows line endings', () => {
    const r = applyValues('# keep\r\nreplicas: 1\r\nnodeSelector: {}\r\n', [{ path: ['replicas'], value: 3 }]);
    expect(r.text).toBe('# keep\r\nreplicas: 3\r\nnodeSelector: {}\r\n');
  });

  it('keeps a flow map written without padding, untouched', () => {
    const r = applyValues('nodeSelector: {pool: builders}\nreplicas: 1\n', [{ path: ['replicas'], value: 2 }]);
    expect(r.text).toBe('nodeSelector: {pool: builders}\nreplicas: 2\n');
  });
});

describe('applyValues converges', () => {
  const generation = fc.constantFrom<'mtls' | 'socket'>('mtls', 'socket');
  const mode = fc.constantFrom<'rootless' | 'root'>('rootless', 'root');
  const extras = fc.record(
    {
      maxInflight: fc.option(fc.nat(50), { nil: undefined }),
      replicas: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
      buildkitCpu: fc.option(fc.constantFrom('500m', '2', '1500m'), { nil: undefined }),
      buildkitMemory: fc.option(fc.constantFrom('1Gi', '2Gi', '512Mi'), { nil: undefined }),
      awsCredentialsSecret: fc.option(fc.constantFrom('aws-ecr-credentials', ''), { nil: undefined }),
      serviceAccount: fc.option(fc.constantFrom('pro-builder-ecr', null), { nil: undefined }),
      fsGroup: fc.option(fc.constantFrom(65534, null), { nil: undefined }),
    },
    { requiredKeys: [] },
  );

  it('a second run with the same answers changes nothing, byte for byte, and keeps unrelated comments', () => {
    fc.assert(
      fc.property(generation, mode, extras, fc.boolean(), (g, m, extra, fromUserFile) => {
        const settings = desiredValues(answers(g, m, extra));
        const first = applyValues(fromUserFile ? USER_FILE : undefined, settings);
        const second = applyValues(first.text, settings);
        expect(second.changes).toEqual([]);
        expect(second.text).toBe(first.text);
        if (fromUserFile) for (const comment of UNRELATED_COMMENTS) expect(first.text).toContain(comment);
        expect(values(first.text)['buildkit']!['rootless']).toBe(m === 'rootless');
      }),
      { numRuns: 150 },
    );
  });

  it('applying settings already in the file returns the text untouched', () => {
    const settings: ValueSetting[] = [
      { path: ['replicas'], value: 2 },
      { path: ['nope'], delete: true },
    ];
    expect(applyValues(USER_FILE, settings)).toEqual({ text: USER_FILE, changes: [] });
  });
});

describe('applyValues refuses what it cannot edit safely', () => {
  it('invalid YAML: says where, quotes nothing from the file', () => {
    const text = 'registryPassword: hunter2-secret\nbuildkit: [unclosed\nreplicas: 1\n';
    let err: unknown;
    try {
      applyValues(text, [{ path: ['replicas'], value: 2 }], { label: 'custom-values.yaml' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValuesError);
    const { message, nextStep } = err as ValuesError;
    expect(message).toMatch(/^custom-values\.yaml is not valid YAML at line \d+, column \d+: /);
    expect(message).not.toContain('hunter2');
    expect(nextStep).toContain('left unchanged');
  });

  it.each([
    ['duplicate keys', 'replicas: 1\nreplicas: 2\n', 'is not valid YAML at line 2'],
    ['a list at the top', '- a\n- b\n', 'is not a map of helm values'],
    ['a scalar where a map is needed', 'buildkit: moby/buildkit\n', 'has buildkit as a string, but buildkit.rootless needs it to be a map'],
    ['an alias on the way', 'common: &c {rootless: false}\nbuildkit: *c\n', 'through a YAML alias'],
  ])('%s', (_, text, message) => {
    expect(() => applyValues(text, [{ path: ['buildkit', 'rootless'], value: true }])).toThrow(message);
  });
});
