import { describe, expect, it } from 'vitest';
import { parseSelector, resolveSelectors, selectorMatches } from './selectors.js';
import { knownItemIds } from './plan.js';

const known = knownItemIds('pro-builder', 'openfaas');

describe('parseSelector', () => {
  it('normalises kinds and aliases', () => {
    expect(parseSelector('secret/registry-secret')).toEqual({ ok: true, id: 'secret/registry-secret' });
    expect(parseSelector('SA/pro-builder-ecr')).toEqual({ ok: true, id: 'serviceaccount/pro-builder-ecr' });
    expect(parseSelector('ns/openfaas')).toEqual({ ok: true, id: 'namespace/openfaas' });
    expect(parseSelector('file/./certs/')).toEqual({ ok: true, id: 'file/certs' });
  });

  it('refuses words without a kind or with an unknown kind, saying how to write them', () => {
    const bare = parseSelector('registry-secret');
    expect(bare.ok).toBe(false);
    expect(!bare.ok && bare.message).toMatch(/kind\/name/);
    const odd = parseSelector('configmap/x');
    expect(!odd.ok && odd.message).toMatch(/unknown kind "configmap"/);
  });
});

describe('resolveSelectors', () => {
  it('accepts known ids and folders of known files', () => {
    const r = resolveSelectors(['secret/registry-secret'], ['file/certs', 'file/payload.txt'], known);
    expect(r.problems).toEqual([]);
    expect(r.keep).toEqual(['secret/registry-secret']);
    expect(r.include).toEqual(['file/certs', 'file/payload.txt']);
    expect(selectorMatches('file/certs', 'file/certs/ca.key')).toBe(true);
    expect(selectorMatches('file/cert', 'file/certs/ca.key')).toBe(false);
  });

  it('reports a typo instead of ignoring it, and a clash between --keep and --include', () => {
    const r = resolveSelectors(['secret/registry-secert'], ['secret/payload-secret'], known);
    expect(r.problems[0]).toMatch(/--keep: "secret\/registry-secert" is not something uninstall removes/);
    const clash = resolveSelectors(['file/certs/ca.key'], ['file/certs'], known);
    expect(clash.problems).toEqual([expect.stringMatching(/both --keep and --include/)]);
  });

  it('knows the namespace and release it was given', () => {
    expect(resolveSelectors(['namespace/builders', 'release/pb'], [], knownItemIds('pb', 'builders')).problems).toEqual([]);
    expect(resolveSelectors(['namespace/openfaas'], [], knownItemIds('pb', 'builders')).problems).toHaveLength(1);
  });
});
