import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { publishedCharts, unpackedChart } from '../../../test/support/helmRepo.js';
import { REFERENCE_MISSING_REASON, referencePresent } from '../../../test/support/referenceData.js';
import { isRootlessImage } from '../values/buildkitImage.js';
import { ChartError } from './errors.js';
import {
  CHART_FEATURES,
  chartTraits,
  clusterHasAppArmorField,
  generationOfChart,
  minimumChartVersion,
  neededFeatures,
  OLDEST_CHART_VERSION,
  requireChartFeatures,
  type ChartFeature,
} from './traits.js';

/** What in the chart's deployment template renders each feature. */
const RENDERED_BY: Record<ChartFeature, RegExp> = {
  maxInflight: /\.Values\.proBuilder\.maxInflight\b/,
  buildkitResources: /\.Values\.buildkit\.resources\b/,
  awsCredentialsSecret: /\.Values\.awsCredentialsSecret\b/,
  serviceAccount: /serviceAccountName:\s*\{\{\s*\.Values\.serviceAccount\b/,
  podSecurityContext: /toYaml \.Values\.securityContext\b/,
  buildSecrets: /\.Values\.buildSecrets\.privateKeySecret\b/,
  // In the BuildKit container: `with .Values.buildkit.securityContext` then its toYaml.
  buildkitSecurityContext: /with \.Values\.buildkit\.securityContext \}\}\s*\n\s*securityContext:\s*\n\s*\{\{- \. \| toYaml/,
};

const charts = publishedCharts();

describe.skipIf(!referencePresent)(
  `chart traits against every published chart${referencePresent ? '' : ` (skipped: ${REFERENCE_MISSING_REASON})`}`,
  () => {
    it('knows 41 published versions, from the oldest, each package matching its published digest', () => {
      expect(charts).toHaveLength(41);
      expect(charts[0]!.version).toBe(OLDEST_CHART_VERSION);
      for (const c of charts) expect(createHash('sha256').update(readFileSync(c.file)).digest('hex')).toBe(c.digest);
    });

    /** The few keys this test reads from a chart's values.yaml. */
    type ChartValuesShape = Record<string, unknown> & {
      buildSecrets?: { privateKeyKey?: string };
      buildkit?: { image?: string; rootless?: boolean };
    };

    for (const { version } of charts) {
      it(`${version}: the boundaries table matches the chart's templates and values`, () => {
        const dir = unpackedChart(version);
        const template = readFileSync(join(dir, 'templates', 'deployment.yml'), 'utf8');
        const values = parse(readFileSync(join(dir, 'values.yaml'), 'utf8')) as ChartValuesShape;
        const traits = chartTraits(version, values);
        for (const feature of Object.keys(CHART_FEATURES) as ChartFeature[]) {
          expect({ feature, rendered: traits.features[feature] }).toEqual({ feature, rendered: RENDERED_BY[feature].test(template) });
        }
        // The generation from content, from the version and from the template's BuildKit address agree.
        const transport = /buildkit_url\s*\n\s*value:\s*"([a-z]+):\/\//.exec(template)?.[1];
        expect(traits.generation).toBe(transport === 'unix' ? 'socket' : 'mtls');
        expect(chartTraits(version).generation).toBe(traits.generation);
        expect(traits.buildSecretsKeyDefault).toBe(values['buildSecrets']?.privateKeyKey);
        // Before the socket generation one buildkit.image serves both modes, so its default must match rootless: true.
        const image = values['buildkit']?.image as string;
        const mismatch = traits.generation === 'mtls' && values['buildkit']?.rootless === true && !isRootlessImage(image);
        expect(traits.rootImageWithRootlessDefault).toBe(mismatch);
      });
    }
  },
);

describe('chart traits', () => {
  it('takes the generation from the chart content before the version', () => {
    expect(generationOfChart('0.5.9', { buildkitRootless: { image: 'x' } })).toBe('socket');
    expect(generationOfChart('0.6.3', { buildkit: { image: 'x' } })).toBe('mtls');
    expect(generationOfChart('0.6.3', {})).toBe('socket');
  });

  it('names the minimum version of each path', () => {
    expect(minimumChartVersion(neededFeatures({ registryKind: 'ttlsh' }))).toBe('0.3.0');
    expect(minimumChartVersion(neededFeatures({ registryKind: 'private', maxInflight: 2 }))).toBe('0.3.5');
    expect(minimumChartVersion(neededFeatures({ registryKind: 'ecr' }))).toBe('0.3.7');
    expect(minimumChartVersion(neededFeatures({ registryKind: 'ecr-irsa' }))).toBe('0.4.19');
    expect(minimumChartVersion(neededFeatures({ registryKind: 'ttlsh', buildSecrets: true }))).toBe('0.6.7');
  });

  it('refuses a chart that would ignore a value, naming the version that adds it', () => {
    const refuse = () => requireChartFeatures(chartTraits('0.4.18'), neededFeatures({ registryKind: 'ecr-irsa' }), 'ECR with IRSA');
    expect(refuse).toThrow(ChartError);
    expect(refuse).toThrow(
      'pro-builder chart 0.4.18 does not render serviceAccount (the IRSA service account), which ECR with IRSA needs; chart 0.4.19 adds it.',
    );
    expect(() => requireChartFeatures(chartTraits('0.4.19'), neededFeatures({ registryKind: 'ecr-irsa' }), 'ECR with IRSA')).not.toThrow();
    expect(() => requireChartFeatures(chartTraits('0.3.6'), neededFeatures({ registryKind: 'ecr' }), 'ECR')).toThrow('chart 0.3.7 adds it');
    expect(() => requireChartFeatures(chartTraits('0.2.9'), [], 'this install')).toThrow('older than the oldest published chart');
  });

  it('knows the build-secrets key default of 0.6.7 and of later charts', () => {
    expect(chartTraits('0.6.6').buildSecretsKeyDefault).toBeUndefined();
    expect(chartTraits('0.6.7').buildSecretsKeyDefault).toBe('private.key');
    expect(chartTraits('0.6.8').buildSecretsKeyDefault).toBe('key');
  });
});

describe('the AppArmor field', () => {
  it('is known from Kubernetes 1.30, with provider suffixes, and not for an unknown version', () => {
    expect(clusterHasAppArmorField({ major: '1', minor: '30' })).toBe(true);
    expect(clusterHasAppArmorField({ major: '1', minor: '37' })).toBe(true);
    expect(clusterHasAppArmorField({ major: '1', minor: '31+' })).toBe(true);
    expect(clusterHasAppArmorField({ major: '1', minor: '29' })).toBe(false);
    expect(clusterHasAppArmorField({ major: '1', minor: '29+' })).toBe(false);
    expect(clusterHasAppArmorField({})).toBe(false);
    expect(clusterHasAppArmorField(undefined)).toBe(false);
  });
});
