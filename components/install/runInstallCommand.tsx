import type { InstallOptions } from '../../src/cli/args.js';
import { ExitCode } from '../../src/platform/exitCodes.js';
import { kubeRequestFrom } from '../../src/cli/kubeRequest.js';
import { answersFromFlags } from '../../src/features/install/flags.js';
import type { Services } from '../services/ServicesContext.js';
import type { PlainIo } from './plainInstall.js';
import type { WizardStreams } from './renderWizard.js';

export interface InstallCommandEnv extends WizardStreams {
  services?: Services;
}

function processEnv(): InstallCommandEnv {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
}

/**
 * `probuilder-setup [install]`: the wizard in a terminal, the plain runner otherwise (or with --yes
 * and every answer given). Returns the exit code; never calls process.exit.
 */
export async function runInstallCommand(options: InstallOptions, env: InstallCommandEnv = processEnv()): Promise<number> {
  // Colour support is decided when chalk is first imported, so this must come before Ink loads.
  if (!options.color) process.env['FORCE_COLOR'] = '0';
  const request = kubeRequestFrom(options);
  if (!request.ok) {
    env.stderr.write(`probuilder-setup: ${request.message}\n`);
    return ExitCode.usage;
  }
  const services = env.services ?? (await import('../services/defaultServices.js')).defaultServices();
  const flags = await answersFromFlags(options, services.flagIo);

  const terminal = Boolean(env.stdin.isTTY && env.stdout.isTTY);
  if (!terminal || (options.yes && flags.answers !== undefined)) {
    const io: PlainIo = {
      out: (t) => void env.stdout.write(t),
      err: (t) => void env.stderr.write(t),
      // SIGTERM is handled like Ctrl+C: stop after the current step.
      onInterrupt: (handler) => {
        process.on('SIGINT', handler);
        process.on('SIGTERM', handler);
        return () => {
          process.off('SIGINT', handler);
          process.off('SIGTERM', handler);
        };
      },
    };
    return (await import('./plainInstall.js')).runPlainInstall(options, flags, services, io);
  }

  if (flags.invalid.length) {
    for (const sentence of flags.invalid) env.stderr.write(`probuilder-setup: ${sentence}\n`);
    return ExitCode.usage;
  }
  const { renderWizard } = await import('./renderWizard.js');
  return renderWizard(options, flags, services, env);
}
