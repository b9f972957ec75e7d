import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  computedValues,
  decodeReleaseData,
  decodeReleaseSecret,
  newestReleaseSecret,
  releaseSecretSelector,
  revisionOf,
  StoredReleaseError,
  writtenBy,
  StoredReleaseTooLargeError,
} from './storedRelease.js';
import { encodeRelease, releaseSecret, storedRelease } from './testing/releaseSecret.js';

describe('decodeReleaseData', () => {
  it("reads helm's gzipped release, the double base64 included", () => {
    const secret = releaseSecret({
      revision: 3,
      status: 'failed',
      chartVersion: '0.6.10',
      description: 'Upgrade "pro-builder" failed: timed out',
    });
    const r = decodeReleaseSecret(secret);
    expect(r).toMatchObject({
      name: 'pro-builder',
      namespace: 'openfaas',
      version: 3,
      info: { status: 'failed', description: 'Upgrade "pro-builder" failed: timed out' },
    });
    expect(r.chart?.metadata?.version).toBe('0.6.10');
  });

  it('refuses a planted release that would inflate past the cap, without inflating it', () => {
    // 64 MiB of zeros gzip to ~64 KiB: a release Secret anyone with secret write access could plant.
    const bomb = Buffer.from(gzipSync(Buffer.alloc(64 * 1024 * 1024)).toString('base64')).toString('base64');
    expect(() => decodeReleaseData(bomb)).toThrow(/inflates to more than 32 MiB/);
    // Its own class: the callers stop there instead of asking helm, which would read it whole.
    expect(() => decodeReleaseData(bomb)).toThrow(StoredReleaseTooLargeError);
  });

  it('reads a release stored without gzip, as helm does', () => {
    const data = Buffer.from(encodeRelease(storedRelease({ revision: 2 }), { gzip: false })).toString('base64');
    expect(decodeReleaseData(data).version).toBe(2);
  });

  it('rejects data that is not a release without quoting any of it', () => {
    const secretText = 'registry-password-SENTINEL';
    const notJson = Buffer.from(Buffer.from(secretText).toString('base64')).toString('base64');
    expect(() => decodeReleaseData(notJson)).toThrow(StoredReleaseError);
    try {
      decodeReleaseData(notJson);
    } catch (e) {
      expect((e as Error).message).not.toContain('SENTINEL');
      expect((e as Error).message).toMatch(/\d+ characters/);
    }
    const brokenGzip = Buffer.from(Buffer.from([0x1f, 0x8b, 0x08, 1, 2, 3]).toString('base64')).toString('base64');
    expect(() => decodeReleaseData(brokenGzip)).toThrow(/not valid gzip/);
    const array = Buffer.from(encodeRelease([1, 2])).toString('base64');
    expect(() => decodeReleaseData(array)).toThrow(/not a JSON object/);
    expect(() => decodeReleaseSecret({ metadata: { name: 'sh.helm.release.v1.x.v1' }, data: {} })).toThrow(/no release data/);
  });
});

describe('newestReleaseSecret', () => {
  it('picks the highest revision by number, whatever its status', () => {
    const secrets = [
      releaseSecret({ revision: 9 }),
      releaseSecret({ revision: 10, status: 'pending-upgrade' }),
      releaseSecret({ revision: 2, status: 'superseded' }),
    ];
    expect(revisionOf(newestReleaseSecret(secrets, 'pro-builder')!)).toBe(10);
  });

  it('ignores other releases, owners and secret types', () => {
    const other = releaseSecret({ release: 'pro-builder-2', revision: 7 });
    const notHelm = { ...releaseSecret({ revision: 8 }), type: 'Opaque' };
    const ownedElsewhere = releaseSecret({ revision: 6 });
    ownedElsewhere.metadata.labels.owner = 'someone';
    const mine = releaseSecret({ revision: 1 });
    expect(newestReleaseSecret([other, notHelm, ownedElsewhere, mine], 'pro-builder')).toBe(mine);
    expect(newestReleaseSecret([other, notHelm], 'pro-builder')).toBeUndefined();
  });

  it('reads the revision from the name when the label is missing', () => {
    expect(revisionOf({ metadata: { name: 'sh.helm.release.v1.pro-builder.v12', labels: {} } })).toBe(12);
    expect(revisionOf({ metadata: { name: 'sh.helm.release.v1.pro-builder', labels: { version: 'x' } } })).toBeUndefined();
  });

  it('selects by the labels helm writes', () => {
    expect(releaseSecretSelector('team-builder')).toBe('owner=helm,name=team-builder');
  });
});

describe('computedValues', () => {
  it("merges the user's config over the chart defaults stored with the release", () => {
    const r = decodeReleaseSecret(
      releaseSecret({ chartValues: { replicas: 1, buildkit: { rootless: true, image: 'a' } }, config: { buildkit: { image: 'b' } } }),
    );
    expect(computedValues(r)).toEqual({ replicas: 1, buildkit: { rootless: true, image: 'b' } });
  });

  it('computes as the helm that wrote the release would: helm 4 leaves out null defaults', () => {
    const request = { chartValues: { kept: 1, empty: null }, config: {} };
    const byHelm3 = decodeReleaseSecret(releaseSecret(request));
    const byHelm4 = decodeReleaseSecret(releaseSecret({ ...request, applyMethod: 'ssa' }));
    expect([writtenBy(byHelm3), writtenBy(byHelm4)]).toEqual([3, 4]);
    expect(computedValues(byHelm3)).toEqual({ kept: 1, empty: null });
    expect(computedValues(byHelm4)).toEqual({ kept: 1 });
    expect(computedValues(byHelm4, 3)).toEqual({ kept: 1, empty: null });
  });

  it('copes with a release stored without values', () => {
    expect(computedValues(decodeReleaseSecret(releaseSecret({ chartValues: null, config: null })))).toEqual({});
  });
});
