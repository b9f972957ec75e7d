import { quoteInput } from '../validate/result.js';
import type { ClusterTarget } from './config.js';

/** What the command is about to do to the cluster, as it reads after "which one to …". */
export type GuardedAction = 'install into' | 'uninstall from' | 'rotate secrets in' | 'fix problems in';

export interface ContextChoice {
  /** --yes: every confirmation, the cluster's included, is skipped. */
  yes: boolean;
  /** --dry-run changes nothing, so any context is harmless. */
  dryRun: boolean;
  /** --context as given; when set it is used exactly, so there is nothing to guess. */
  context?: string;
}

const NAMES_SHOWN = 5;

/**
 * The wrong-cluster guard: `--yes` skips the screen that shows the context and asks, so with a
 * kubeconfig of several contexts the kubeconfig's current one would be chosen silently. That must
 * be said on the command line instead. Returns the sentence to refuse with, or undefined.
 */
export function unconfirmedContextProblem(choice: ContextChoice, target: ClusterTarget, action: GuardedAction): string | undefined {
  if (!choice.yes || choice.dryRun || choice.context !== undefined) return undefined;
  const names = target.contextNames ?? [];
  if (names.length <= 1) return undefined;
  const listed = names
    .slice(0, NAMES_SHOWN)
    .map((n) => quoteInput(n))
    .join(', ');
  const more = names.length > NAMES_SHOWN ? ` and ${names.length - NAMES_SHOWN} more` : '';
  return (
    `this kubeconfig has ${names.length} contexts; pass --context <name> to say which one to ${action} ` +
    `(the current one is ${quoteInput(target.contextName)}; the contexts are ${listed}${more}).`
  );
}
