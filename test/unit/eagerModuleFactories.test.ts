import { parse } from 'acorn';
import { describe, expect, it } from 'vitest';
import { eagerModuleFactories } from '../../build/startupPlugins.js';

const render = async (code: string, path = 'dist/chunks/chunk-X.js'): Promise<string> => {
  const result = await eagerModuleFactories.renderChunk!.call({} as never, code, { type: 'chunk', code, path });
  return result?.code ?? code;
};

describe('eagerModuleFactories (tsup plugin)', () => {
  it("puts parentheses around the factory of each top-level `var x = f(function)`, esbuild's module wrapper", async () => {
    const code = 'var a=w((e,t)=>{t.exports=1}),b=w(function(){return 2});var c=w(3),d=w((e)=>e,1);function w(f){return f}';
    const out = await render(code);
    expect(out).toBe('var a=w(((e,t)=>{t.exports=1})),b=w((function(){return 2}));var c=w(3),d=w((e)=>e,1);function w(f){return f}');
    expect(() => parse(out, { ecmaVersion: 'latest', sourceType: 'module' })).not.toThrow();
  });

  it('changes nothing a program does', async () => {
    const code = [
      'var cjs=(f,m)=>()=>(m||f((m={exports:{}}).exports,m),m.exports);',
      'var lib=cjs((exports,module)=>{module.exports={twice:(n)=>n*2,name:function named(){return "lib"}}});',
      'var init=cjs(function(){return {ok:true}});',
      'globalThis.__eagerResult=[lib().twice(21),lib().name(),init().exports];',
    ].join('');
    const run = (source: string) => {
      new Function(source)();
      return (globalThis as { __eagerResult?: unknown }).__eagerResult;
    };
    expect(run(await render(code))).toEqual(run(code));
    expect(await render(code)).not.toBe(code);
  });

  it('leaves files without such calls, and non-JavaScript outputs, untouched', async () => {
    expect(await render('export const a = 1; var b = f(2);')).toBe('export const a = 1; var b = f(2);');
    expect(await render('{"x":1}', 'dist/metafile.json')).toBe('{"x":1}');
  });
});
