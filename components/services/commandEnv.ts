import type { Services } from '../services/ServicesContext.js';
import type { GlobalOptions } from '../../src/cli/args.js';
import { kubeRequestFrom, type KubeRequest } from '../../src/cli/kubeRequest.js';
import { invalidTargetFlags } from '../../src/cli/targetFlags.js';
import { unconfirmedContextProblem, type GuardedAction } from '../../src/platform/kube/contextGuard.js';
import type { Kube } from '../../src/platform/kube/client.js';
import type { ScreenStreams } from '../renderUntilExit.js';

/** What uninstall and rotate need from the machine: a Kube for the chosen context, helm, the clock. */
export type CommandServices = Pick<Services, 'makeKube' | 'helm' | 'now'>;

export type CommandStreams = ScreenStreams;

export interface CommandEnv extends CommandStreams {
  services?: CommandServices;
  /** Subscribes to Ctrl+C outside a terminal UI; returns the unsubscribe. Defaults to SIGINT. */
  onInterrupt?: (handler: () => void) => () => void;
}

export function processEnv(): CommandEnv {
  return {
    // Node makes process.stdin on first read; when it is not a terminal that is a file stream, which
    // loads fs streams, fs/promises and readline (~5 ms). Only a screen reading keys needs it.
    get stdin() {
      return process.stdin;
    },
    stdout: process.stdout,
    stderr: process.stderr,
  };
}

/** Ctrl+C (SIGINT) and SIGTERM (kill, a CI runner, systemd) both stop after the current step. */
export function sigintSubscription(handler: () => void): () => void {
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

export function isTerminal(env: CommandStreams): boolean {
  return Boolean(env.stdout.isTTY && env.stdin.isTTY);
}

type TargetOptions = GlobalOptions & { release: string; outputDir: string };

/**
 * The flags that say where a changing command acts, checked before anything is read. Each problem
 * is printed as a usage error; undefined means the command must exit 2.
 */
export function checkTargetFlags(options: TargetOptions, err: (text: string) => void): KubeRequest | undefined {
  const request = kubeRequestFrom(options);
  const problems = [...invalidTargetFlags(options), ...(request.ok ? [] : [request.message])];
  for (const p of problems) err(`probuilder-setup: ${p}\n`);
  return problems.length === 0 && request.ok ? request.value : undefined;
}

/**
 * The cluster for a command that changes it. --yes skips the screen that shows the cluster, so with
 * several contexts one must be named: undefined (after saying so) means the command must exit 2.
 */
export async function connectForChange(
  services: CommandServices,
  options: TargetOptions,
  request: KubeRequest,
  action: GuardedAction,
  err: (text: string) => void,
): Promise<Kube | undefined> {
  const kube = await services.makeKube({ kubeconfig: options.kubeconfig, context: options.context, timeoutMs: request.timeoutMs });
  const unconfirmed = unconfirmedContextProblem(options, kube.target, action);
  if (!unconfirmed) return kube;
  err(`probuilder-setup: ${unconfirmed}\n`);
  return undefined;
}
