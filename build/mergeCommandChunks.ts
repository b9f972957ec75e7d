// A tsup plugin that joins the chunks one command's import() loads into one file (tsup.config.ts).
import { readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { parse } from 'acorn';
import { build, type Plugin } from 'esbuild';
import type { Options as TsupOptions } from 'tsup';
import { eagerModuleFactories } from './startupPlugins.js';

/** The relative imports of one output file: static ones load with it, dynamic ones on demand. */
export interface ChunkImports {
  static: string[];
  dynamic: string[];
}

export type ChunkGraph = ReadonlyMap<string, ChunkImports>;

export interface MergePlan {
  /** The files joined into the command's file (the command's own first). */
  merged: string[];
  /** The files the joined file still imports: they can load in the same process by another way. */
  kept: string[];
}

/** The files reached from `starts` along static imports, and along import() too when `dynamic` allows the target. */
function reach(graph: ChunkGraph, starts: Iterable<string>, dynamic: (file: string) => boolean): Set<string> {
  const seen = new Set<string>();
  const stack = [...starts];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const imports = graph.get(file);
    stack.push(...(imports?.static ?? []), ...(imports?.dynamic ?? []).filter(dynamic));
  }
  return seen;
}

/**
 * Which of the files `command` loads can be joined into it. esbuild splits the bundle by which
 * import() reaches each module, so the test build's run loaded 27 files, each resolved, read and
 * linked on its own. A file stays separate when it can also load in the same process another way:
 * from the entry (statically, or through an import() that is not another command: the error
 * renderer), or through an import() of the command itself (its Ink screen, the Kubernetes client),
 * at any depth. A module joined and also loaded from its old file would run twice, with two copies
 * of its state and classes that fail each other's instanceof. Two commands never run in one process.
 */
export function planCommandMerge(graph: ChunkGraph, entry: string, command: string, isCommand: (file: string) => boolean): MergePlan {
  const notCommand = (f: string) => !isCommand(f);
  const commandFiles = reach(graph, [command], () => false);
  const commandOnDemand = [...commandFiles].flatMap((f) => graph.get(f)?.dynamic ?? []).filter(notCommand);
  const coLoaded = reach(graph, [entry, ...commandOnDemand], notCommand);
  if (coLoaded.has(command)) return { merged: [], kept: [...commandFiles].sort() };
  const merged = [command, ...[...commandFiles].filter((f) => f !== command && !coLoaded.has(f)).sort()];
  return { merged, kept: [...commandFiles].filter((f) => !merged.includes(f)).sort() };
}

/** The relative imports of an ES module's source (`./x.js`, `../y.js`), by file name in `dir`. */
export function chunkImports(code: string, dir: string, file: string): ChunkImports {
  const program = parse(code, { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true });
  const result: ChunkImports = { static: [], dynamic: [] };
  const relative = (source: unknown) =>
    typeof source === 'string' && source.startsWith('.') ? resolve(dir, dirname(file), source).slice(resolve(dir).length + 1) : undefined;
  for (const node of program.body) {
    if (node.type === 'ImportDeclaration' || node.type === 'ExportAllDeclaration' || node.type === 'ExportNamedDeclaration') {
      const path = relative(node.source?.value);
      if (path) result.static.push(path);
    }
  }
  // import("./x.js") can sit anywhere in the code; esbuild writes each as a plain string literal.
  for (const match of code.matchAll(/\bimport\("(\.{1,2}\/[^"]+)"\)/g)) {
    const path = relative(match[1]);
    if (path) result.dynamic.push(path);
  }
  return result;
}

/** Every file but the joined ones stays an import (static or import()) of the joined file, as written. */
function onlyJoin(merged: Set<string>, dir: string): Plugin {
  return {
    name: 'only-join',
    setup(b) {
      b.onResolve({ filter: /^\.{1,2}\// }, (args) => {
        const path = resolve(args.resolveDir, args.path).slice(resolve(dir).length + 1);
        return merged.has(path) ? undefined : { path: args.path, external: true };
      });
    },
  };
}

type TsupPlugin = NonNullable<TsupOptions['plugins']>[number];

/**
 * Joins the files `command` (a source entry such as components/testbuild/runTestBuildCommand.tsx)
 * loads into its own output file, as planned by planCommandMerge. The old files stay (other
 * commands load them). Measured on the test build against an instant builder: 27 files became 9,
 * ~8 ms less CPU per run on the bench machine.
 */
export function mergeCommandChunks(entry: string, command: string): TsupPlugin {
  const outputs = new Map<string, string>();
  return {
    name: 'merge-command-chunks',
    renderChunk(_code, chunk) {
      if (chunk.entryPoint && chunk.path.endsWith('.js')) outputs.set(chunk.entryPoint, chunk.path);
      return undefined;
    },
    async buildEnd({ writtenFiles }) {
      const dir = resolve(this.options.outDir ?? 'dist');
      const files = writtenFiles.map((f) => resolve(f.name).slice(dir.length + 1)).filter((f) => f.endsWith('.js'));
      const entryFile = outputs.get(entry);
      // Another entry built with this config (bench/'s one-line Ink program): nothing of ours to join.
      if (!entryFile) return;
      const commandFile = outputs.get(command);
      if (!commandFile) throw new Error(`merge-command-chunks: ${entry} no longer imports ${command}; revisit tsup.config.ts`);
      const rel = (p: string) => resolve(p).slice(dir.length + 1);
      const graph = new Map<string, ChunkImports>();
      for (const f of files) graph.set(f, chunkImports(await readFile(join(dir, f), 'utf8'), dir, f));
      const commands = new Set([...outputs].filter(([source]) => /\/run\w+Command\.tsx?$/.test(source)).map(([, out]) => rel(out)));
      const plan = planCommandMerge(graph, rel(entryFile), rel(commandFile), (f) => commands.has(f));
      if (plan.merged.length < 2) return;
      const result = await build({
        entryPoints: [join(dir, rel(commandFile))],
        bundle: true,
        write: false,
        format: 'esm',
        platform: 'node',
        target: 'node22',
        minify: true,
        logLevel: 'error',
        plugins: [onlyJoin(new Set(plan.merged), dir)],
      });
      let code = result.outputFiles[0]!.text;
      // Re-printing dropped the parentheses that make V8 compile module factories with the file.
      const eager = await eagerModuleFactories.renderChunk!.call(this, code, { type: 'chunk', code, path: basename(commandFile) });
      if (eager) code = eager.code;
      await writeFile(join(dir, rel(commandFile)), code);
    },
  };
}
