import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';
import {
  builtinsByRequire,
  childProcessOnDemand,
  eagerModuleFactories,
  REQUIRE_BANNER,
  requireNodeHttp,
  stubReactDevtools,
  textOnDemand,
  undiciUsedPartsOnly,
  unusedRequireBanner,
  yogaWasmDecode,
} from './build/startupPlugins.js';
import { mergeCommandChunks } from './build/mergeCommandChunks.js';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

// One self-contained ESM bundle: every library is a devDependency and gets bundled, so `npx` installs
// nothing but the tarball. dist/cli.js is the entry; what only some commands need (Ink and React,
// the Kubernetes client, node-forge) sits in dist/chunks/ and is loaded by the command's import(),
// so `--version` parses a few hundred kilobytes instead of the whole 3.6 MB.
// CommonJS dependencies inside the bundle still call `require`, hence the banner (in the files that use it).
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
  // CommonJS dependencies inside the bundle call `require`; files that do not lose the banner again (unusedRequireBanner).
  banner: { js: REQUIRE_BANNER },
  esbuildOptions(options) {
    options.chunkNames = 'chunks/[name]-[hash]';
  },
  esbuildPlugins: [undiciUsedPartsOnly, requireNodeHttp, yogaWasmDecode, textOnDemand, childProcessOnDemand, stubReactDevtools],
  plugins: [
    eagerModuleFactories,
    builtinsByRequire,
    unusedRequireBanner,
    // The test build's run is measured against a bare `buildctl build` (bench/): its files as one.
    mergeCommandChunks('components/main.tsx', 'components/testbuild/runTestBuildCommand.tsx'),
  ],
});
