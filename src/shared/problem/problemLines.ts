import type { Problem } from '../../platform/errors.js';
import { cleanLine } from '../text/cleanLine.js';
import { debugStacks } from './debugStacks.js';

/**
 * The one layout of an error, for every renderer: the message, the points it lists, the next
 * step, then (with --debug) the stacks. The TUI (components/widgets/ErrorMessage) colours these
 * lines, problemText prints them and problemJson keeps the same fields, so the three never drift.
 * Text from the cluster reaches the message (the API server's own words): it is cleaned here, once.
 */
export type ProblemLine = { kind: 'message' | 'item' | 'next'; text: string } | { kind: 'debug'; text: string };

export function problemLines(p: Problem, opts: { debug?: boolean } = {}): ProblemLine[] {
  const lines: ProblemLine[] = [{ kind: 'message', text: cleanLine(p.message) }];
  for (const item of p.items ?? []) lines.push({ kind: 'item', text: cleanLine(item) });
  if (p.nextStep) lines.push({ kind: 'next', text: cleanLine(p.nextStep) });
  if (opts.debug && p.cause !== undefined) for (const stack of debugStacks(p.cause)) lines.push({ kind: 'debug', text: cleanLine(stack) });
  return lines;
}

/** "probuilder-setup: <message>", "  × <item>" each, "  Next: <next step>": a fatal error on stderr. */
export function problemText(p: Problem, opts: { debug?: boolean } = {}): string {
  const text = problemLines(p, opts).map((l) => {
    switch (l.kind) {
      case 'message':
        return `probuilder-setup: ${l.text}`;
      case 'item':
        return `  × ${l.text}`;
      case 'next':
        return `  Next: ${l.text}`;
      case 'debug':
        return l.text;
    }
  });
  return `${text.join('\n')}\n`;
}

/** The error in a JSON document (--output json): `nextStep` is null when there is none; stacks never. */
export function problemJson(p: Problem): { message: string; nextStep: string | null; items?: string[] } {
  const lines = problemLines(p);
  const items = lines.filter((l) => l.kind === 'item').map((l) => l.text);
  return {
    message: lines[0]!.text,
    nextStep: lines.find((l) => l.kind === 'next')?.text ?? null,
    ...(items.length ? { items } : {}),
  };
}
