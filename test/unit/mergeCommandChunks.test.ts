import { describe, expect, it } from 'vitest';
import { chunkImports, planCommandMerge, type ChunkGraph, type ChunkImports } from '../../build/mergeCommandChunks.js';

const graphOf = (edges: Record<string, Partial<ChunkImports>>): ChunkGraph =>
  new Map(Object.entries(edges).map(([f, i]) => [f, { static: i.static ?? [], dynamic: i.dynamic ?? [] }]));
const isCommand = (f: string) => f.startsWith('run');

describe('planCommandMerge', () => {
  it("joins what only the command loads, keeps what the entry, the error renderer or the command's screen also load", () => {
    const graph = graphOf({
      'cli.js': { static: ['entryShared'], dynamic: ['runTest', 'runDoctor', 'errors'] },
      entryShared: {},
      errors: { static: ['errorClasses'] },
      errorClasses: {},
      runTest: { static: ['onlyTest', 'errorClasses', 'entryShared', 'sharedWithScreen', 'sharedWithDoctor'], dynamic: ['screen'] },
      onlyTest: { static: ['deepOnlyTest'] },
      deepOnlyTest: {},
      screen: { dynamic: ['client'] },
      client: { static: ['sharedWithScreen'] },
      sharedWithScreen: {},
      sharedWithDoctor: {},
      runDoctor: { static: ['sharedWithDoctor'] },
    });
    const plan = planCommandMerge(graph, 'cli.js', 'runTest', isCommand);
    // sharedWithScreen loads again through screen → client (an import() two levels down); sharedWithDoctor
    // only with the doctor, another process.
    expect(plan.merged).toEqual(['runTest', 'deepOnlyTest', 'onlyTest', 'sharedWithDoctor']);
    expect(plan.kept).toEqual(['entryShared', 'errorClasses', 'sharedWithScreen']);
  });

  it('joins nothing when the entry itself loads the command statically', () => {
    const graph = graphOf({ 'cli.js': { static: ['runTest'] }, runTest: { static: ['a'] }, a: {} });
    expect(planCommandMerge(graph, 'cli.js', 'runTest', isCommand).merged).toEqual([]);
  });
});

describe('chunkImports', () => {
  it('reads static imports, re-exports and import() of relative files, by path inside the output folder', () => {
    const code = [
      'import{a}from"./chunk-A.js";',
      'export{b}from"./chunk-B.js";',
      'export*from"../top.js";',
      'import"node:fs";',
      'const x=()=>import("./lazy-C.js");',
      'const y=()=>import("node:https");',
    ].join('');
    expect(chunkImports(code, '/out', 'chunks/cmd.js')).toEqual({
      static: ['chunks/chunk-A.js', 'chunks/chunk-B.js', 'top.js'],
      dynamic: ['chunks/lazy-C.js'],
    });
  });
});
