import { parseArgs, type ParsedCommand } from '../src/cli/args.js';
import { ExitCode } from '../src/cli/exitCodes.js';

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
    default:
      process.stderr.write(`probuilder-setup: "${parsed.kind}" is not available in this build yet.\n`);
      return ExitCode.failure;
  }
}

const parsed = parseArgs(process.argv.slice(2), process.env);
run(parsed).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    const debug = parsed.kind !== 'print' && parsed.kind !== 'usage-error' && parsed.options.debug;
    process.stderr.write(`probuilder-setup: ${debug && e instanceof Error ? e.stack : (e as Error)?.message ?? String(e)}\n`);
    process.exitCode = ExitCode.failure;
  },
);
