#!/usr/bin/env node
import { parseArgs, type ParsedCommand } from '../src/cli/args.js';
import { ExitCode } from '../src/platform/exitCodes.js';
import { enableCompileCache } from './compileCache.js';

const MIN_NODE_MAJOR = 22;

/**
 * The binary's entry point: parse, then hand off to one command. Commands are imported lazily so
 * `--help` and `--version` never pay for Ink, React or the Kubernetes client.
 */
async function run(parsed: ParsedCommand): Promise<number> {
  switch (parsed.kind) {
    case 'print':
      process.stdout.write(parsed.text.endsWith('\n') ? parsed.text : `${parsed.text}\n`);
      return ExitCode.ok;
    case 'usage-error':
      process.stderr.write(`probuilder-setup: ${parsed.message}\n`);
      return ExitCode.usage;
    case 'install':
      return (await import('./install/runInstallCommand.js')).runInstallCommand(parsed.options);
    case 'doctor':
      return (await import('./doctor/runDoctorCommand.js')).runDoctorCommand(parsed.options);
    case 'uninstall':
      return (await import('./uninstall/runUninstallCommand.js')).runUninstallCommand(parsed.options);
    case 'rotate':
      return (await import('./rotate/runRotateCommand.js')).runRotateCommand(parsed.options);
    case 'test-build':
      return (await import('./testbuild/runTestBuildCommand.js')).runTestBuildCommand(parsed.options);
    default:
      process.stderr.write(`probuilder-setup: "${(parsed as { kind: string }).kind}" is not available in this build yet.\n`);
      return ExitCode.failure;
  }
}

// Checked before anything else runs: on an older Node the bundle fails later with an obscure
// TypeError (e.g. Set.prototype.union is missing on Node 20).
const nodeMajor = Number(process.versions.node.split('.')[0]);
if (nodeMajor < MIN_NODE_MAJOR) {
  process.stderr.write(
    `probuilder-setup: Node.js ${MIN_NODE_MAJOR} or newer is needed; this is Node ${process.version}. ` +
      'Install Node.js 22 or newer (https://nodejs.org) and run it again.\n',
  );
  process.exit(ExitCode.failure);
}

/**
 * Once the command has its exit code the process ends, as soon as stdout and stderr hold nothing
 * unwritten (they are written synchronously on Linux, but not to pipes on macOS). Waiting for the
 * event loop to drain by itself cost ~10 ms after every doctor run (background work of the HTTP
 * client), and a request aborted by --request-timeout can leave a TLS socket half-open to a hung
 * API server for many seconds. If a stream never drains, the unref'd timer ends it anyway.
 */
const EXIT_GRACE_MS = 500;
function exitWhenWritten(): void {
  setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
  const pending = [process.stdout, process.stderr].filter((stream) => stream.writableLength > 0);
  let left = pending.length;
  if (left === 0) process.exit();
  for (const stream of pending) stream.once('drain', () => --left === 0 && process.exit());
}

enableCompileCache();

const parsed = parseArgs(process.argv.slice(2), process.env);
run(parsed)
  .then(
    (code) => {
      process.exitCode = code;
    },
    async (e: unknown) => {
      // Every fatal error, a bug included, is reported by the one renderer (loaded only on this path).
      const debug = parsed.kind !== 'print' && parsed.kind !== 'usage-error' && parsed.options.debug;
      process.exitCode = ExitCode.failure;
      const [{ problemOf }, { problemText }] = await Promise.all([
        import('../src/platform/errors.js'),
        import('../src/shared/problem/problemLines.js'),
      ]);
      process.stderr.write(problemText(problemOf(e), { debug }));
    },
  )
  .finally(exitWhenWritten);
