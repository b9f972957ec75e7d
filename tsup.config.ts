import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

// One self-contained ESM file: every library is a devDependency and gets bundled, so `npx` installs
// nothing but the tarball. CommonJS dependencies inside the bundle still call `require`, hence the banner.
export default defineConfig({
  entry: { cli: 'components/main.tsx' },
  format: ['esm'],
  platform: 'node',
  target: 'node22',
  outDir: 'dist',
  clean: true,
  bundle: true,
  splitting: false,
  sourcemap: false,
  minify: true,
  treeshake: true,
  noExternal: [/.*/],
  // React's production build: the development one is larger and slower, and only helps while developing React itself.
  define: { __PKG_VERSION__: JSON.stringify(pkg.version), 'process.env.NODE_ENV': '"production"' },
  banner: {
    js: [
      '#!/usr/bin/env node',
      "import { createRequire as __pbCreateRequire } from 'node:module';",
      'const require = __pbCreateRequire(import.meta.url);',
    ].join('\n'),
  },
  esbuildPlugins: [
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
