import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BUILDKIT_SECURITY_CONTEXT } from '../chart/generations.js';
import { MISSING_REASON, MTLS_CHART, SOCKET_CHART, type ReferenceChart } from '../chart/referenceCharts.testkit.js';
import type { ChartGeneration } from '../chart/version.js';
import { applyValues } from './apply.js';
import { chartKnowsPath } from './chartPaths.testkit.js';
import { ValuesError } from './errors.js';
import { desiredValues, type ValueSetting, type ValuesAnswers } from './settings.js';

const MTLS_DEFAULTS = { buildkit: { image: 'moby/buildkit:v0.12.0-rootless', rootless: true } };

const valueAt = (settings: ValueSetting[], dotted: string) => {
  const s = settings.find((x) => x.path.join('.') === dotted);
  return s && 'value' in s ? s.value : undefined;
};
const deletes = (settings: ValueSetting[]) => settings.filter((s) => 'delete' in s).map((s) => s.path.join('.'));

/** The values helm would see for a fresh file with these answers. */
const rendered = (a: ValuesAnswers) => parse(applyValues(undefined, desiredValues(a)).text) as Record<string, Record<string, unknown>>;

describe('desiredValues for the mtls generation', () => {
  it('rootless: rootless image and the rootless securityContext', () => {
    const v = rendered({ generation: 'mtls', buildkitMode: 'rootless', chartDefaults: MTLS_DEFAULTS });
    expect(v['buildkit']).toEqual({
      rootless: true,
      image: 'moby/buildkit:v0.12.0-rootless',
      securityContext: BUILDKIT_SECURITY_CONTEXT.rootless,
    });
  });

  it('root: a non-rootless image derived from the chart default, privileged as root', () => {
    const v = rendered({ generation: 'mtls', buildkitMode: 'root', chartDefaults: MTLS_DEFAULTS });
    expect(v['buildkit']).toEqual({
      rootless: false,
      image: 'moby/buildkit:v0.12.0',
      securityContext: { runAsUser: 0, runAsGroup: 0, privileged: true },
    });
  });

  it('needs the chart defaults to pick the image', () => {
    expect(() => desiredValues({ generation: 'mtls', buildkitMode: 'root' })).toThrow(ValuesError);
    expect(() => desiredValues({ generation: 'mtls', buildkitMode: 'root', chartDefaults: { buildkit: {} } })).toThrow('buildkit.image');
  });

  it('refuses build secrets, which the mtls charts do not have', () => {
    expect(() =>
      desiredValues({ generation: 'mtls', buildkitMode: 'rootless', chartDefaults: MTLS_DEFAULTS, buildSecretsKeySecret: 'bs' }),
    ).toThrow('0.6.7 or newer');
  });

  it('refuses build secrets on socket charts before 0.6.7 (they came within the generation), keeps them from 0.6.7', () => {
    expect(() =>
      desiredValues({ generation: 'socket', buildkitMode: 'rootless', chartVersion: '0.6.6', buildSecretsKeySecret: 'bs' }),
    ).toThrow('0.6.7 or newer');
    const v = desiredValues({ generation: 'socket', buildkitMode: 'rootless', chartVersion: '0.6.7', buildSecretsKeySecret: 'bs' });
    expect(v).toContainEqual({ path: ['buildSecrets', 'privateKeySecret'], value: 'bs' });
  });

  describe.skipIf(!MTLS_CHART.present)(
    `with the real ${MTLS_CHART.version} defaults${MTLS_CHART.present ? '' : ` (skipped: ${MISSING_REASON})`}`,
    () => {
      it('rootless reproduces exactly what the chart ships as its rootless default', () => {
        const chartBuildkit = (MTLS_CHART.values() as { buildkit: Record<string, unknown> }).buildkit;
        const v = rendered({ generation: 'mtls', buildkitMode: 'rootless', chartDefaults: MTLS_CHART.values() });
        expect(v['buildkit']).toEqual({
          rootless: chartBuildkit['rootless'],
          image: chartBuildkit['image'],
          securityContext: chartBuildkit['securityContext'],
        });
      });

      it('root runs the non-rootless variant of the same BuildKit release', () => {
        const chartImage = (MTLS_CHART.values() as { buildkit: { image: string } }).buildkit.image;
        const image = valueAt(
          desiredValues({ generation: 'mtls', buildkitMode: 'root', chartDefaults: MTLS_CHART.values() }),
          'buildkit.image',
        ) as string;
        expect(chartImage).toMatch(/-rootless$/);
        expect(`${image}-rootless`).toBe(chartImage);
      });
    },
  );
});

describe('AppArmor for rootless BuildKit (clusters from Kubernetes 1.30)', () => {
  const UNCONFINED = { ...BUILDKIT_SECURITY_CONTEXT.rootless, appArmorProfile: { type: 'Unconfined' } };

  it('mtls: the rootless securityContext gains appArmorProfile Unconfined; root mode (privileged) does not', () => {
    expect(
      rendered({ generation: 'mtls', buildkitMode: 'rootless', chartDefaults: MTLS_DEFAULTS, appArmorUnconfined: true })['buildkit']![
        'securityContext'
      ],
    ).toEqual(UNCONFINED);
    expect(
      rendered({ generation: 'mtls', buildkitMode: 'root', chartDefaults: MTLS_DEFAULTS, appArmorUnconfined: true })['buildkit']![
        'securityContext'
      ],
    ).toEqual(BUILDKIT_SECURITY_CONTEXT.root);
  });

  it("socket: the whole rootless securityContext is written (it replaces the template's), and removed again without AppArmor or in root mode", () => {
    expect(rendered({ generation: 'socket', buildkitMode: 'rootless', appArmorUnconfined: true })['buildkit']).toEqual({
      rootless: true,
      securityContext: UNCONFINED,
    });
    const withIt = applyValues(undefined, desiredValues({ generation: 'socket', buildkitMode: 'rootless', appArmorUnconfined: true })).text;
    for (const a of [
      { buildkitMode: 'root' as const, appArmorUnconfined: true },
      { buildkitMode: 'rootless' as const, appArmorUnconfined: false },
    ]) {
      const again = parse(applyValues(withIt, desiredValues({ generation: 'socket', ...a })).text) as { buildkit: Record<string, unknown> };
      expect(again.buildkit['securityContext']).toBeUndefined();
    }
  });
});

describe('desiredValues for the socket generation', () => {
  it.each(['rootless', 'root'] as const)('%s: only buildkit.rootless, leaving images and securityContext to the template', (mode) => {
    const settings = desiredValues({ generation: 'socket', buildkitMode: mode });
    expect(settings.filter((s) => 'value' in s)).toEqual([{ path: ['buildkit', 'rootless'], value: mode === 'rootless' }]);
    expect(deletes(settings)).toEqual(['buildkit.securityContext', 'buildkit.image']);
    expect(rendered({ generation: 'socket', buildkitMode: mode })).toEqual({ buildkit: { rootless: mode === 'rootless' } });
  });
});

describe('optional answers', () => {
  const all: Omit<ValuesAnswers, 'generation' | 'buildkitMode'> = {
    maxInflight: 0,
    replicas: 3,
    buildkitCpu: '1500m',
    buildkitMemory: '3Gi',
    awsCredentialsSecret: 'aws-ecr-credentials',
    serviceAccount: 'pro-builder-ecr',
    fsGroup: 65534,
  };

  it('land where the chart reads them', () => {
    const v = rendered({ generation: 'socket', buildkitMode: 'rootless', ...all, buildSecretsKeySecret: 'pro-builder-build-secrets-key' });
    expect(v).toEqual({
      buildkit: { rootless: true, resources: { requests: { cpu: '1500m', memory: '3Gi' } } },
      proBuilder: { maxInflight: 0 },
      replicas: 3,
      awsCredentialsSecret: 'aws-ecr-credentials',
      serviceAccount: 'pro-builder-ecr',
      securityContext: { fsGroup: 65534 },
      buildSecrets: { privateKeySecret: 'pro-builder-build-secrets-key' },
    });
  });

  it('null or an empty name removes the key; undefined leaves it alone', () => {
    const settings = desiredValues({
      generation: 'socket',
      buildkitMode: 'root',
      maxInflight: null,
      awsCredentialsSecret: '',
      fsGroup: null,
    });
    expect(deletes(settings)).toEqual(
      expect.arrayContaining(['proBuilder.maxInflight', 'awsCredentialsSecret', 'securityContext.fsGroup']),
    );
    expect(settings.map((s) => s.path[0])).not.toContain('replicas');
  });

  it.each<[Partial<ValuesAnswers>, string]>([
    [{ maxInflight: -1 }, 'maxInflight must be a whole number of 0 or more'],
    [{ maxInflight: 1.5 }, 'maxInflight must be a whole number'],
    [{ replicas: 0 }, 'replicas must be a whole number of 1 or more'],
    [{ buildkitCpu: 'lots' }, '"lots" is not a Kubernetes quantity'],
    [{ buildkitMemory: '2 GB' }, 'is not a Kubernetes quantity'],
    [{ serviceAccount: 'Bad_Name' }, 'is not a valid Kubernetes name'],
    [{ awsCredentialsSecret: '-x' }, 'is not a valid Kubernetes name'],
  ])('rejects %j', (bad, message) => {
    expect(() => desiredValues({ generation: 'socket', buildkitMode: 'rootless', ...bad })).toThrow(message);
  });

  const charts: [ReferenceChart, ChartGeneration][] = [
    [MTLS_CHART, 'mtls'],
    [SOCKET_CHART, 'socket'],
  ];
  for (const [chart, generation] of charts) {
    describe.skipIf(!chart.present)(
      `paths against the real ${chart.version} chart${chart.present ? '' : ` (skipped: ${MISSING_REASON})`}`,
      () => {
        it.each(['rootless', 'root'] as const)('every path written in %s mode is one the chart knows', (mode) => {
          const settings = desiredValues({
            generation,
            buildkitMode: mode,
            chartDefaults: chart.values(),
            ...all,
            ...(generation === 'socket' ? { buildSecretsKeySecret: 'k' } : {}),
          });
          const leaves = (path: string[], value: unknown): string[][] =>
            value && typeof value === 'object' && !Array.isArray(value)
              ? Object.entries(value).flatMap(([k, v]) => leaves([...path, k], v))
              : [path];
          const paths = settings.flatMap((s) => ('value' in s ? leaves(s.path, s.value) : [s.path]));
          expect(paths.length).toBeGreaterThan(8);
          for (const path of paths) expect(chartKnowsPath(chart, path), path.join('.')).toBe(true);
        });

        it('the guard itself catches a misspelt path', () => {
          expect(chartKnowsPath(chart, ['buildkit', 'securityContex'])).toBe(false);
          expect(chartKnowsPath(chart, ['proBuilder', 'maxInFlight'])).toBe(false);
          expect(chartKnowsPath(chart, ['buildkit', 'rootles'])).toBe(false);
        });
      },
    );
  }
});
