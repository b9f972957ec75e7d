import { copyFile, cp, mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { build } from 'esbuild';
import { run, timed } from '../lib/proc.mjs';

async function dirFiles(dir) {
  const files = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) files.push(join(entry.parentPath, entry.name));
  }
  return files.sort();
}

async function dirBytes(dir) {
  let total = 0;
  for (const file of await dirFiles(dir)) total += (await stat(file)).size;
  return total;
}

/**
 * Every module the bundle loads at run time, found by esbuild's own import scanner (static
 * imports, dynamic imports and require calls with a literal name), following the entry's relative
 * imports into dist/chunks/. Anything that is not a Node built-in or one of those chunks would have
 * to come from node_modules, which `npx` would then have to install.
 */
async function nonBuiltinImports(bundleFile) {
  const found = new Set();
  await build({
    entryPoints: [bundleFile],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
    plugins: [
      {
        name: 'record-imports',
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) => {
            if (args.kind === 'entry-point') return undefined;
            // The bundle's own chunks: scanned in turn.
            if (args.path.startsWith('./') || args.path.startsWith('../')) return undefined;
            if (!isBuiltin(args.path)) found.add(args.path);
            return { path: args.path, external: true };
          });
        },
      },
    ],
  });
  return [...found];
}

const DEPENDENCY_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies', 'bundleDependencies', 'bundledDependencies'];

/** `npm pack --dry-run --json` on the repo: what a publish would ship. Retries while another build has emptied dist/. */
async function publishedFiles(repo) {
  let files = [];
  for (let attempt = 0; attempt < 10; attempt++) {
    const r = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repo });
    files = JSON.parse(r.stdout)[0]
      .files.map((f) => f.path)
      .sort();
    if (files.includes('dist/cli.js')) break;
    await new Promise((res) => setTimeout(res, 2000));
  }
  return files;
}

/**
 * Sizes of the built bundle and of the tarball `npm pack` makes from it. The tarball is packed
 * from a staging copy (package.json, README.md and this run's bundle), so a concurrent rebuild of
 * the repo's dist/ cannot change what is measured.
 */
export async function benchSize({ repo, distDir, cacheDir }) {
  const distBytes = await dirBytes(distDir);
  const stage = join(cacheDir, 'pack');
  await rm(stage, { recursive: true, force: true });
  await mkdir(join(stage, 'dist'), { recursive: true });
  await copyFile(join(repo, 'package.json'), join(stage, 'package.json'));
  await copyFile(join(repo, 'README.md'), join(stage, 'README.md'));
  await cp(distDir, join(stage, 'dist'), { recursive: true });
  const packed = JSON.parse(
    (await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', cacheDir], { cwd: stage })).stdout,
  )[0];
  const tarball = join(cacheDir, packed.filename);
  const tarballBytes = (await stat(tarball)).size;

  const pkg = JSON.parse(await readFile(join(repo, 'package.json'), 'utf8'));
  const dependencyFields = DEPENDENCY_FIELDS.filter((f) => pkg[f] && Object.keys(pkg[f]).length > 0);
  const imports = await nonBuiltinImports(join(distDir, 'cli.js'));
  const files = await publishedFiles(repo);
  // What should ship: the README, package.json and exactly the files the repo's build wrote.
  const builtFiles = (await dirFiles(join(repo, 'dist'))).map((f) => relative(repo, f));
  const expectedFiles = ['README.md', 'package.json', ...builtFiles].sort();
  const filesOk = JSON.stringify(files) === JSON.stringify(expectedFiles);
  const distFiles = (await dirFiles(distDir)).length;
  return { distBytes, distFiles, tarballBytes, tarball, unpackedBytes: packed.unpackedSize, dependencyFields, imports, files, filesOk };
}

/**
 * Once, not in the table: the tarball run through npx in an empty folder with an empty npm cache
 * and npm in offline mode, so it proves nothing needs downloading.
 */
export async function npxSmoke(tarball) {
  const dir = await mkdtemp(join(tmpdir(), 'pbs-bench-npx-'));
  try {
    const env = {
      ...process.env,
      npm_config_cache: join(dir, 'npm-cache'),
      npm_config_offline: 'true',
      npm_config_update_notifier: 'false',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
    };
    // As the README shows it: a relative path (npx runs an absolute .tgz path as a command).
    await copyFile(tarball, join(dir, basename(tarball)));
    const r = await timed('npx', ['--yes', `./${basename(tarball)}`, '--help'], { cwd: dir, env, timeoutMs: 120_000 });
    const ok = r.code === 0 && /Usage: probuilder-setup/.test(r.stdout);
    return { ok, ms: r.ms, code: r.code, detail: ok ? r.stdout.split('\n')[0] : (r.stderr || r.stdout).trim().slice(-600) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
