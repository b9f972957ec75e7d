import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'acorn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinsByRequire, REQUIRE_BANNER, unusedRequireBanner } from '../../build/startupPlugins.js';

type Plugin = typeof builtinsByRequire;
const render = async (plugin: Plugin, code: string, path = 'dist/chunks/chunk-X.js'): Promise<string> => {
  const result = await plugin.renderChunk!.call({} as never, code, { type: 'chunk', code, path });
  return result?.code ?? code;
};
/** Both plugins in the order tsup.config.ts runs them. */
const both = async (code: string) => render(unusedRequireBanner, await render(builtinsByRequire, code));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pbs-banner-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('builtinsByRequire (tsup plugin)', () => {
  it('turns each import of a Node built-in into a require of the same names, in place', async () => {
    const code = `${REQUIRE_BANNER}\nimport{a as b}from"./chunk-A.js";import{readFile as r,lstat}from"node:fs/promises";import*as o from"os";import p from"node:process";import"node:util";export{r,lstat,o,p,b};`;
    const out = await render(builtinsByRequire, code);
    expect(out).toBe(
      `${REQUIRE_BANNER}\nimport{a as b}from"./chunk-A.js";` +
        'const { "readFile": r, lstat } = require("node:fs/promises");const o = require("os");const p = require("node:process");require("node:util");export{r,lstat,o,p,b};',
    );
    expect(() => parse(out, { ecmaVersion: 'latest', sourceType: 'module' })).not.toThrow();
  });

  it('changes nothing a module sees: the same functions and objects, after a #! line too', async () => {
    const code = [
      '#!/usr/bin/env node',
      REQUIRE_BANNER,
      'import{join as j}from"node:path";import*as os from"node:os";import proc from"node:process";import{EventEmitter}from"events";',
      'export const seen=[j("a","b"),os.tmpdir,proc,EventEmitter];',
    ].join('\n');
    const out = await both(code);
    expect(out).toContain('require("node:path")');
    expect(out.startsWith(`#!/usr/bin/env node\n${REQUIRE_BANNER}\n`)).toBe(true);
    const load = async (name: string, source: string) => {
      await writeFile(join(dir, name), source);
      return ((await import(pathToFileURL(join(dir, name)).href)) as { seen: unknown[] }).seen;
    };
    const [before, after] = [await load('before.mjs', code), await load('after.mjs', out)];
    expect(after).toHaveLength(4);
    after.forEach((value, i) => expect(value).toBe(before[i]));
  });

  it("leaves the banner's own import, files without the banner and other outputs alone", async () => {
    expect(await render(builtinsByRequire, `${REQUIRE_BANNER}\nexport const a=1;`)).toBe(`${REQUIRE_BANNER}\nexport const a=1;`);
    expect(await render(builtinsByRequire, 'import{join}from"node:path";')).toBe('import{join}from"node:path";');
    expect(await render(builtinsByRequire, `${REQUIRE_BANNER}\nimport"node:fs";`, 'dist/x.json')).toBe(
      `${REQUIRE_BANNER}\nimport"node:fs";`,
    );
  });
});

describe('unusedRequireBanner (tsup plugin)', () => {
  it('drops the createRequire banner from a file that never names require', async () => {
    expect(await both(`${REQUIRE_BANNER}\nimport{a}from"./chunk-A.js";export{a as b};`)).toBe(
      'import{a}from"./chunk-A.js";export{a as b};',
    );
    expect(await both(`#!/usr/bin/env node\n${REQUIRE_BANNER}\nexport{};`)).toBe('#!/usr/bin/env node\nexport{};');
  });

  it("keeps it where bundled CommonJS, esbuild's __require shim or a built-in uses require", async () => {
    for (const body of [
      'var o=i((p,e)=>{e.exports=require("node:http")});export{o as a};',
      'var r=(e=>typeof require<"u"?require:e)(function(e){throw Error(e)});export{r as a};',
      'import{join}from"node:path";export{join};',
    ]) {
      expect((await both(`${REQUIRE_BANNER}\n${body}`)).startsWith(REQUIRE_BANNER)).toBe(true);
    }
  });

  it('leaves files without the banner, and non-JavaScript outputs, untouched', async () => {
    expect(await both('export const a = 1;')).toBe('export const a = 1;');
    expect(await render(unusedRequireBanner, `${REQUIRE_BANNER}\n{}`, 'dist/metafile.json')).toBe(`${REQUIRE_BANNER}\n{}`);
  });
});
