// Plugins for the bundle (tsup.config.ts): esbuild plugins that change how a dependency loads, never what
// it does, and one tsup plugin that changes how V8 compiles the output. Each states what it saves, measured
// with bench/ (`npm run bench`). A plugin whose pattern is no longer found fails the build: a dependency
// changed and the plugin must be revisited.
import { readFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'acorn';
import type { Plugin } from 'esbuild';
import type { Options as TsupOptions } from 'tsup';

/**
 * The packages whose code these plugins rewrite or swap: each is a devDependency pinned to one exact version
 * (test/unit/bundledText.test.ts holds package.json to it), so an upgrade is a deliberate edit that re-runs the
 * plugins' checks and the tests drawing CJK and emoji text through the patched bundle.
 */
export const PATCHED_PACKAGES = [
  'ink',
  'yoga-layout',
  'string-width',
  'strip-ansi',
  'wrap-ansi',
  'slice-ansi',
  '@alcalzone/ansi-tokenize',
  'commander',
  'terminal-size',
  'undici',
  '@kubernetes/client-node',
] as const;

function replaceOrFail(source: string, plugin: string, from: string | RegExp, to: string): string {
  const patched = typeof from === 'string' ? source.replaceAll(from, to) : source.replace(from, to);
  if (patched === source) throw new Error(`${plugin}: ${String(from)} was not found; the dependency changed, revisit this plugin`);
  return patched;
}

/**
 * An ES import of node:http makes Node read every export, and http.WebSocket is a lazy getter that
 * loads Node's whole fetch/WebSocket implementation (~15 ms). A CommonJS require returns the module
 * without touching its getters; esbuild's interop reads only the names used.
 */
export const requireNodeHttp: Plugin = {
  name: 'require-node-http',
  setup(build) {
    build.onResolve({ filter: /^(node:)?http$/ }, (args) =>
      // The require inside the stand-in itself is the real built-in.
      args.namespace === 'require-builtin' ? { path: 'node:http', external: true } : { path: 'node:http', namespace: 'require-builtin' },
    );
    build.onLoad({ filter: /.*/, namespace: 'require-builtin' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

/**
 * yoga-layout (Ink's layout engine) embeds its WebAssembly as base64. It fetches that data: URL when
 * global fetch exists, which makes Node load its whole fetch implementation (~10 ms), and otherwise
 * decodes it with a JavaScript loop over 95 KB (~5 ms). Buffer decodes the same bytes natively.
 */
export const yogaWasmDecode: Plugin = {
  name: 'yoga-wasm-decode',
  setup(build) {
    build.onLoad({ filter: /yoga-wasm-base64-esm\.js$/ }, async (args) => {
      let source = await readFile(args.path, 'utf8');
      source = replaceOrFail(source, 'yoga-wasm-decode', '"function"!=typeof fetch', '!0');
      source = replaceOrFail(
        source,
        'yoga-wasm-decode',
        /var (\w)=(\w+)\((\w)\.slice\(37\)\),(\w)=new Uint8Array\(\1\.length\);for\(\3=0;\3<\1\.length;\+\+\3\)\4\[\3\]=\1\.charCodeAt\(\3\);var (\w)=\4/,
        'var $5=Buffer.from($3.slice(37),"base64")',
      );
      return { contents: source, loader: 'js' };
    });
  },
};

/** Ink's text libraries that create an Intl.Segmenter when they load (each only calls `segment` on it). */
const SEGMENTER_AT_LOAD =
  /[\\/](string-width[\\/]index|wrap-ansi[\\/]index|slice-ansi[\\/]tokenize-ansi|ansi-tokenize[\\/]build[\\/]tokenize|ink[\\/]build[\\/]line-update)\.js$/;

/**
 * Ink's text libraries build ICU objects when they load, ~20 ms before Ink can draw: five
 * Intl.Segmenters (the first costs ~8 ms) and string-width's three Unicode-property regular
 * expressions (\p{RGI_Emoji} alone ~9 ms). Each segmenter becomes build/runtime/graphemeSegmenter.ts,
 * string-width becomes build/runtime/stringWidth.ts, and the regular expressions are built on first
 * use: an ordinary frame (ASCII, Latin-1, punctuation, arrows, box drawing, braille spinners) then
 * needs none of them, and text outside that set gets exactly the libraries' own answer.
 */
export const textOnDemand: Plugin = {
  name: 'text-on-demand',
  setup(build) {
    const runtime = (file: string) => fileURLToPath(new URL(`./runtime/${file}`, import.meta.url));
    const stringWidth = runtime('stringWidth.ts');
    const graphemeSegmenter = runtime('graphemeSegmenter.ts');
    build.onResolve({ filter: /^string-width$/ }, (args) => (args.importer === stringWidth ? undefined : { path: stringWidth }));
    build.onLoad({ filter: SEGMENTER_AT_LOAD }, async (args) => {
      let source = await readFile(args.path, 'utf8');
      source = replaceOrFail(source, 'text-on-demand', /^(const|let|var) (\w+) = new Intl\.Segmenter\(/m, '$1 $2 = graphemeSegmenter(');
      if (/[\\/]string-width[\\/]/.test(args.path)) {
        for (const name of ['visibleCharacterRegex', 'spacingMarkRegex', 'rgiEmojiRegex']) {
          source = replaceOrFail(
            source,
            'text-on-demand',
            new RegExp(`^const ${name} = (/.+/v);$`, 'm'),
            `const ${name} = regexOnFirstUse(() => $1);`,
          );
        }
        source += `
function regexOnFirstUse(make) {
  let regex;
  const get = () => (regex ??= make());
  return { test: (text) => get().test(text), [Symbol.search]: (text) => get()[Symbol.search](text) };
}
`;
      }
      return { contents: `import { graphemeSegmenter } from ${JSON.stringify(graphemeSegmenter)};\n${source}`, loader: 'js' };
    });
  },
};

/**
 * commander and terminal-size (Ink's fallback for a terminal without a size) import node:child_process
 * at load, ~2 ms before anything is drawn, for code paths this tool never or rarely takes (commander's
 * executable subcommands; terminal-size when stdout is not a terminal). They require it on first use.
 */
export const childProcessOnDemand: Plugin = {
  name: 'child-process-on-demand',
  setup(build) {
    build.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, async (args) => ({
      contents: replaceOrFail(
        await readFile(args.path, 'utf8'),
        'child-process-on-demand',
        "import childProcess from 'node:child_process';",
        "const childProcess = { spawn: (...spawnArgs) => require('node:child_process').spawn(...spawnArgs) };",
      ),
      loader: 'js',
    }));
    build.onLoad({ filter: /[\\/]terminal-size[\\/]index\.js$/ }, async (args) => ({
      contents: replaceOrFail(
        await readFile(args.path, 'utf8'),
        'child-process-on-demand',
        "import {execFileSync} from 'node:child_process';",
        "const execFileSync = (...execArgs) => require('node:child_process').execFileSync(...execArgs);",
      ),
      loader: 'js',
    }));
  },
};

/**
 * @kubernetes/client-node imports three things from undici (Agent, ProxyAgent, fetch), but undici's
 * index loads all of it at once: fetch, WebSocket, EventSource, caches, mocks, interceptors (~6 ms
 * of every doctor run before the first request). This entry gives client-node exactly those three,
 * from undici's own files, with the request API installed on the dispatchers as undici's index does;
 * fetch (which this tool does not use on its kept-alive connection) loads on its first call.
 */
export const undiciUsedPartsOnly: Plugin = {
  name: 'undici-used-parts-only',
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, async (args) => {
      if (args.namespace === 'undici-used-parts-only') return undefined;
      const index = await build.resolve('undici', {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        namespace: 'undici-used-parts-only',
      });
      if (index.errors.length > 0) return { errors: index.errors };
      return { path: index.path, namespace: 'undici-used-parts-only' };
    });
    build.onLoad({ filter: /.*/, namespace: 'undici-used-parts-only' }, async (args) => {
      const lib = (file: string) => JSON.stringify(join(dirname(args.path), 'lib', file));
      return {
        contents: [
          "'use strict';",
          `const Dispatcher = require(${lib('dispatcher/dispatcher.js')});`,
          `Object.assign(Dispatcher.prototype, require(${lib('api/index.js')}));`,
          `exports.Agent = require(${lib('dispatcher/agent.js')});`,
          `exports.ProxyAgent = require(${lib('dispatcher/proxy-agent.js')});`,
          `exports.fetch = function fetch(input, init) { return require(${lib('web/fetch/index.js')}).fetch(input, init); };`,
        ].join('\n'),
        loader: 'js',
        resolveDir: dirname(args.path),
      };
    });
  },
};

/** Ink imports react-devtools-core only when DEV=true; it must never be bundled or required. */
export const stubReactDevtools: Plugin = {
  name: 'stub-react-devtools-core',
  setup(build) {
    build.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'stub' }));
    build.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents: 'export default { initialize() {}, connectToDevTools() {} };',
      loader: 'js',
    }));
  },
};

type TsupPlugin = NonNullable<TsupOptions['plugins']>[number];

/**
 * V8 compiles a function when it is first called, and Node's compile cache keeps only what was
 * compiled with the file, so every start compiled each bundled CommonJS module's factory again
 * (the Kubernetes client's chunk has ~180 of them: undici, js-yaml, ws …; ~13 ms of every doctor
 * run). A function expression in parentheses is compiled with its file, and so cached. This wraps
 * the single function argument of top-level `var x = f(function)` calls, which is how esbuild
 * declares a module factory; parentheses around a function expression never change what it does.
 */
export const eagerModuleFactories: TsupPlugin = {
  name: 'eager-module-factories',
  renderChunk(code, chunk) {
    if (!chunk.path.endsWith('.js')) return undefined;
    const program = parse(code, { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true });
    const factories: { start: number; end: number }[] = [];
    for (const statement of program.body) {
      if (statement.type !== 'VariableDeclaration') continue;
      for (const { init } of statement.declarations) {
        if (init?.type !== 'CallExpression' || init.callee.type !== 'Identifier' || init.arguments.length !== 1) continue;
        const [argument] = init.arguments;
        if (argument?.type === 'ArrowFunctionExpression' || argument?.type === 'FunctionExpression') factories.push(argument);
      }
    }
    if (factories.length === 0) return undefined;
    let wrapped = '';
    let at = 0;
    for (const { start, end } of factories) {
      wrapped += `${code.slice(at, start)}(${code.slice(start, end)})`;
      at = end;
    }
    return { code: wrapped + code.slice(at) };
  },
};

/**
 * The banner every output file starts with: bundled CommonJS calls `require`, which an ES module
 * does not have. esbuild's own `__require` shim lives in one shared chunk and closes over that
 * chunk's `require`, so most files never use theirs.
 */
export const REQUIRE_BANNER = [
  "import { createRequire as __pbCreateRequire } from 'node:module';",
  'const require = __pbCreateRequire(import.meta.url);',
].join('\n');

/**
 * Drops REQUIRE_BANNER from a file that never names `require` after it: each banner is an import of
 * node:module and a createRequire() call (a Module object and a path lookup), paid by every chunk a
 * command loads (~30 on the test build's path). A file that mentions the word anywhere keeps it.
 */
export const unusedRequireBanner: TsupPlugin = {
  name: 'unused-require-banner',
  renderChunk(code, chunk) {
    const end = chunk.path.endsWith('.js') ? requireBannerEnd(code) : -1;
    if (end < 0 || /\brequire\b/.test(code.slice(end))) return undefined;
    return { code: code.slice(0, end - REQUIRE_BANNER.length - 1) + code.slice(end) };
  },
};

/** Where REQUIRE_BANNER (and its newline) ends: at the start of the file, or after a `#!` line; -1 without it. */
function requireBannerEnd(code: string): number {
  const start = code.startsWith('#!') ? code.indexOf('\n') + 1 : 0;
  return code.startsWith(`${REQUIRE_BANNER}\n`, start) ? start + REQUIRE_BANNER.length + 1 : -1;
}

/** `a`, `b as c` → `a`, `b: c` (the pattern of a destructuring `const`). */
function destructuringName(imported: string, local: string): string {
  return imported === local ? local : `${JSON.stringify(imported)}: ${local}`;
}

/**
 * An ES import of a Node built-in makes Node build the module's whole namespace, which calls every
 * lazy getter on it: `node:fs` then loads fs/promises, readline and the REPL history, `node:crypto`
 * Web Crypto, `node:util` parseArgs and the stream stack, `node:process` the allowed-flags set
 * (~25 ms of CPU on the bench machine for the test build's dozen built-ins). `require` returns the
 * same object and touches only the properties used, so each `import … from 'node:x'` becomes a
 * `const … = require('node:x')` at the same place (REQUIRE_BANNER provides `require`). Built-ins
 * have no dependency on the bundle, so evaluating them in the body instead of before it changes
 * nothing else. esbuild's metafile still lists them as imports (what startupImports.test.ts reads).
 */
export const builtinsByRequire: TsupPlugin = {
  name: 'builtins-by-require',
  renderChunk(code, chunk) {
    const bannerEnd = chunk.path.endsWith('.js') ? requireBannerEnd(code) : -1;
    if (bannerEnd < 0) return undefined;
    const program = parse(code, { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true });
    const edits: { start: number; end: number; text: string }[] = [];
    for (const statement of program.body) {
      if (statement.type !== 'ImportDeclaration' || typeof statement.source.value !== 'string') continue;
      const source = statement.source.value;
      // The banner's own import of node:module is what makes `require`.
      if (!isBuiltin(source) || statement.start < bannerEnd) continue;
      const req = `require(${JSON.stringify(source)})`;
      const names: string[] = [];
      const lines: string[] = [];
      for (const s of statement.specifiers) {
        if (s.type === 'ImportDefaultSpecifier' || s.type === 'ImportNamespaceSpecifier') lines.push(`const ${s.local.name} = ${req};`);
        else {
          const imported = s.imported.type === 'Identifier' ? s.imported.name : String(s.imported.value);
          if (imported === 'default') lines.push(`const ${s.local.name} = ${req};`);
          else names.push(destructuringName(imported, s.local.name));
        }
      }
      if (names.length) lines.push(`const { ${names.join(', ')} } = ${req};`);
      if (!lines.length) lines.push(`${req};`);
      edits.push({ start: statement.start, end: statement.end, text: lines.join('') });
    }
    if (edits.length === 0) return undefined;
    let out = '';
    let at = 0;
    for (const e of edits) {
      out += code.slice(at, e.start) + e.text;
      at = e.end;
    }
    return { code: out + code.slice(at) };
  },
};
