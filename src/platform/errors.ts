/**
 * The one error family (after Shopify cli-kit's): what went wrong, what to do next, and optionally
 * the points either refers to (each missing permission, each bad flag), one a line. The error
 * behind it stays on `cause`: --debug shows its stack. Every module's error (chart, values,
 * install input, kube, helm) extends ActionableError; src/shared/problem renders them all.
 */
export interface ProblemOptions {
  cause?: unknown;
  /** The points the message or the next step refers to, shown one a line between the two. */
  items?: readonly string[];
}

export class ActionableError extends Error {
  readonly items: readonly string[];

  constructor(
    message: string,
    readonly nextStep: string,
    options?: ProblemOptions,
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.items = options?.items ?? [];
  }

  /** The sentence shown to the user: what happened, then what to do. */
  get sentence(): string {
    return this.nextStep ? `${this.message} ${this.nextStep}` : this.message;
  }
}

/** An error as the user sees it: the fields every renderer (TUI, plain text, JSON) reads. */
export interface Problem {
  message: string;
  nextStep?: string;
  items?: readonly string[];
  /** The error behind it; its stack (and its causes') is shown with --debug only. */
  cause?: unknown;
}

/** Any thrown value as a Problem: only errors of the family have a next step; anything else keeps its message. */
export function problemOf(e: unknown): Problem {
  if (e instanceof ActionableError)
    return { message: e.message, nextStep: e.nextStep || undefined, items: e.items.length ? e.items : undefined, cause: e };
  return { message: e instanceof Error ? e.message : String(e), cause: e };
}

/** Errors this program raises on purpose are of the family; anything else is a bug and is rethrown. */
export function isExplained(e: unknown): e is ActionableError {
  return e instanceof ActionableError;
}
