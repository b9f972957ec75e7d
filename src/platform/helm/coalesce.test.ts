import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coalesceValues, type HelmMajor, type Values } from './coalesce.js';

const BOTH: HelmMajor[] = [3, 4];

describe('coalesceValues (helm get values --all of a stored release)', () => {
  it.each(BOTH)("helm %i: puts the user's values over the chart defaults, merging tables key by key", (helm) => {
    const defaults = {
      replicas: 1,
      buildkit: { image: 'moby/buildkit:v0.15.1-rootless', rootless: true, resources: { requests: { cpu: '2000m', memory: '2Gi' } } },
      tolerations: [],
    };
    const config = { buildkit: { resources: { requests: { cpu: '500m' } } }, tolerations: [{ key: 'a' }] };
    expect(coalesceValues(defaults, config, helm)).toEqual({
      replicas: 1,
      buildkit: { image: 'moby/buildkit:v0.15.1-rootless', rootless: true, resources: { requests: { cpu: '500m', memory: '2Gi' } } },
      // Lists are values, never merged.
      tolerations: [{ key: 'a' }],
    });
  });

  it.each(BOTH)("helm %i: a user's null removes a key that has a default, and stays where there is none", (helm) => {
    // As the test bed's helm printed it for `--set` over reused values (integration test).
    const defaults = { affinity: {}, buildkit: { image: 'x', securityContext: { privileged: false } } };
    const config = { affinity: null, extra: null, buildkit: { image: null, securityContext: { seccompProfile: null } } };
    expect(coalesceValues(defaults, config, helm)).toEqual({
      extra: null,
      buildkit: { securityContext: { privileged: false, seccompProfile: null } },
    });
  });

  it('helm 3 copies null defaults; helm 4 drops them', () => {
    const defaults = { top: null, table: { a: null, b: 1 }, merged: { c: null, d: 2 } };
    const config = { merged: { d: 3 } };
    expect(coalesceValues(defaults, config, 3)).toEqual({ top: null, table: { a: null, b: 1 }, merged: { c: null, d: 3 } });
    expect(coalesceValues(defaults, config, 4)).toEqual({ table: { b: 1 }, merged: { d: 3 } });
  });

  it.each(BOTH)("helm %i: keeps the user's value when a table meets a scalar, either way round", (helm) => {
    expect(
      coalesceValues({ a: { b: 1 }, c: 'text', d: { e: { f: 1 } } }, { a: 'scalar', c: { table: true }, d: { e: 'flat' } }, helm),
    ).toEqual({ a: 'scalar', c: { table: true }, d: { e: 'flat' } });
  });

  it('copes with missing halves', () => {
    expect(coalesceValues(null, { a: 1 })).toEqual({ a: 1 });
    expect(coalesceValues(undefined, null)).toEqual({});
  });

  it('never changes or shares its inputs', () => {
    const defaults = { t: { x: 1, list: [1], gone: null } };
    const config = { t: { y: 2, x: null } };
    const before = JSON.stringify([defaults, config]);
    for (const helm of BOTH) {
      const out = coalesceValues(defaults, config, helm);
      expect(JSON.stringify([defaults, config])).toBe(before);
      (out['t'] as { list: number[] }).list.push(2);
      expect(defaults.t.list).toEqual([1]);
    }
  });

  const values: fc.Arbitrary<Values> = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.integer(),
      fc.string({ maxLength: 3 }),
      fc.constant(null),
      fc.array(fc.integer(), { maxLength: 2 }),
      tie('table'),
    ),
    table: fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), tie('value'), { maxKeys: 4 }),
  })).table as fc.Arbitrary<Values>;
  const helms = fc.constantFrom<HelmMajor>(3, 4);
  const isTable = (v: unknown): v is Values => typeof v === 'object' && v !== null && !Array.isArray(v);
  const at = (v: unknown, path: string[]) => path.reduce<unknown>((o, k) => (isTable(o) && k in o ? o[k] : undefined), v);
  const withoutNulls = (v: unknown): unknown =>
    isTable(v)
      ? Object.fromEntries(
          Object.entries(v)
            .filter(([, x]) => x !== null)
            .map(([k, x]) => [k, withoutNulls(x)]),
        )
      : v;

  it('with no user values gives the chart defaults (helm 4: without their nulls)', () => {
    fc.assert(
      fc.property(values, (defaults) => {
        expect(coalesceValues(defaults, {}, 3)).toEqual(defaults);
        expect(coalesceValues(defaults, {}, 4)).toEqual(withoutNulls(defaults));
      }),
    );
  });

  it('keeps every non-null scalar the user set, and every default the user did not touch', () => {
    fc.assert(
      fc.property(values, values, helms, (defaults, config, helm) => {
        const out = coalesceValues(defaults, config, helm);
        for (const [k, v] of Object.entries(config)) {
          if (v !== null && !isTable(v)) expect(out[k]).toEqual(v);
        }
        for (const [k, v] of Object.entries(defaults)) {
          if (k in config) continue;
          if (helm === 3) expect(out[k]).toEqual(v);
          else if (v === null) expect(out).not.toHaveProperty(k);
          else expect(out[k]).toEqual(withoutNulls(v));
        }
      }),
    );
  });

  it("leaves a null only where the user's null has no non-null default to remove, or (helm 3) where a default was null", () => {
    const nullPaths = (v: unknown, path: string[] = []): string[][] =>
      v === null ? [path] : isTable(v) ? Object.entries(v).flatMap(([k, x]) => nullPaths(x, [...path, k])) : [];
    // helm merges a table only where both sides have a table at every level above it.
    const merged = (defaults: Values, config: Values, path: string[]) =>
      path.every((_, i) => isTable(at(defaults, path.slice(0, i + 1))) && isTable(at(config, path.slice(0, i + 1))));
    fc.assert(
      fc.property(values, values, helms, (defaults, config, helm) => {
        for (const path of nullPaths(coalesceValues(defaults, config, helm))) {
          const removed =
            path.length === 1
              ? path[0]! in defaults
              : merged(defaults, config, path.slice(0, -1)) && at(defaults, path) !== null && at(defaults, path) !== undefined;
          const keptUserNull = at(config, path) === null && !removed;
          const copiedDefault = helm === 3 && at(defaults, path) === null && at(config, path) === undefined;
          expect(keptUserNull || copiedDefault, path.join('.')).toBe(true);
        }
      }),
    );
  });
});
