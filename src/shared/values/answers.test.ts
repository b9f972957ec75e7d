import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyValues } from './apply.js';
import { readValuesAnswers } from './answers.js';
import { ValuesError } from './errors.js';
import { desiredValues, type ValuesAnswers } from './settings.js';

describe('readValuesAnswers', () => {
  it('recovers every answer a written file holds', () => {
    const answer = fc.record({
      generation: fc.constantFrom<'mtls' | 'socket'>('mtls', 'socket'),
      buildkitMode: fc.constantFrom<'rootless' | 'root'>('rootless', 'root'),
      maxInflight: fc.option(fc.nat(100), { nil: undefined }),
      replicas: fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }),
      buildkitCpu: fc.option(fc.constantFrom('500m', '2'), { nil: undefined }),
      buildkitMemory: fc.option(fc.constantFrom('1Gi', '3Gi'), { nil: undefined }),
      awsCredentialsSecret: fc.option(fc.constantFrom('aws-ecr-credentials'), { nil: undefined }),
      serviceAccount: fc.option(fc.constantFrom('pro-builder-ecr'), { nil: undefined }),
      fsGroup: fc.option(fc.constantFrom(65534, 0), { nil: undefined }),
    });
    fc.assert(
      fc.property(answer, (a) => {
        const full: ValuesAnswers = { ...a, chartDefaults: { buildkit: { image: 'moby/buildkit:v0.15.1-rootless' } } };
        const { generation: _g, chartDefaults: _d, ...expected } = full;
        const defined = Object.fromEntries(Object.entries(expected).filter(([, v]) => v !== undefined));
        expect(readValuesAnswers(applyValues(undefined, desiredValues(full)).text)).toEqual(defined);
      }),
    );
  });

  it('reads the mode as helm’s template does: the string "false" is true', () => {
    expect(readValuesAnswers('buildkit:\n  rootless: "false"\n').buildkitMode).toBe('rootless');
    expect(readValuesAnswers('buildkit:\n  rootless: false\n').buildkitMode).toBe('root');
    expect(readValuesAnswers('buildkit:\n  image: x\n').buildkitMode).toBeUndefined();
  });

  it('ignores values of the wrong kind rather than guessing', () => {
    expect(
      readValuesAnswers(
        'replicas: two\nproBuilder:\n  maxInflight: -1\nserviceAccount: ""\nbuildkit:\n  resources:\n    requests:\n      cpu: 2\n',
      ),
    ).toEqual({
      buildkitCpu: '2',
    });
    expect(readValuesAnswers('')).toEqual({});
  });

  it('says where a broken file is broken', () => {
    expect(() => readValuesAnswers('a: 1\nb: [\n', 'custom-values.yaml')).toThrow(ValuesError);
    expect(() => readValuesAnswers('a: 1\nb: [\n', 'custom-values.yaml')).toThrow(/custom-values\.yaml is not valid YAML at line \d+/);
  });
});
