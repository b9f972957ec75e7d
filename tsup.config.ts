import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

// One self-contained ESM bundle: every library is a devDependency and gets bundled, so `npx` installs
// nothing but the tarball. dist/cli.js is the entry; what only some commands need (Ink and React,
// the Kubernetes client, node-forge) sits in dist/chunks/ and is loaded by the command's import(),
// so `--version` parses a few hundred kilobytes instead of the whole 3.6 MB.
// CommonJS dependencies inside the bundle still call `require`, hence the banner in every file.
export default defineConfig({
  entry: { cli: 'components/main.tsx' },
  format: ['esm'],
  platform: 'node',
  target: 'node22',
  outDir: 'dist',
  clean: true,
  bundle: true,
  splitting: true,
  sourcemap: false,
  minify: true,
  // esbuild's own tree shaking (bundle mode). tsup's `treeshake` would add a rollup pass that renames the
  // banner's `require` in split chunks, breaking bundled CommonJS that requires Node built-ins.
  treeshake: false,
  noExternal: [/.*/],
  // Keep `node:` specifiers as written (Node 22 knows them), and let the plugin below see them.
  removeNodeProtocol: false,
  // React's production build: the development one is larger and slower, and only helps while developing React itself.
  define: { __PKG_VERSION__: JSON.stringify(pkg.version), 'process.env.NODE_ENV': '"production"' },
  banner: {
    js: [
      "import { createRequire as __pbCreateRequire } from 'node:module';",
      'const require = __pbCreateRequire(import.meta.url);',
    ].join('\n'),
  },
  esbuildOptions(options) {
    options.chunkNames = 'chunks/[name]-[hash]';
  },
  esbuildPlugins: [
    {
      // An ES import of node:http makes Node read every export, and http.WebSocket is a lazy getter
      // that loads Node's whole fetch/WebSocket implementation (~15 ms). A CommonJS require returns
      // the module without touching its getters; esbuild's interop reads only the names used.
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
    },
    {
      // yoga-layout (Ink's layout engine) fetches its embedded wasm from a data: URL when global fetch
      // exists, which makes Node load its whole fetch implementation before the first frame. Without
      // fetch it decodes the same bytes directly: identical module, ~10 ms less start-up.
      name: 'yoga-without-fetch',
      setup(build) {
        build.onLoad({ filter: /yoga-wasm-base64-esm\.js$/ }, async (args) => {
          const source = await readFile(args.path, 'utf8');
          const patched = source.replaceAll('"function"!=typeof fetch', '!0');
          if (patched === source) throw new Error('yoga-without-fetch: the fetch check was not found; yoga-layout changed, revisit this plugin');
          return { contents: patched, loader: 'js' };
        });
      },
    },
    {
      // Ink imports react-devtools-core only when DEV=true; it must never be bundled or required.
      name: 'stub-react-devtools-core',
      setup(build) {
        build.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'stub' }));
        build.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
          contents: 'export default { initialize() {}, connectToDevTools() {} };',
          loader: 'js',
        }));
      },
    },
  ],
});
