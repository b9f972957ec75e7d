import { useEffect } from 'react';
import { useInput } from 'ink';

/** Esc goes back one question. Each screen decides what "back" means for its own sub-steps. */
export function useBackKey(onBack: (() => void) | undefined, isActive = true): void {
  useInput(
    (_input, key) => {
      if (key.escape) onBack?.();
    },
    { isActive: isActive && onBack !== undefined },
  );
}

/**
 * Ctrl+C. Ink's own handler is off (exitOnCtrlC: false) so the wizard can decide: before the
 * apply nothing has changed and it can stop at once; during the apply it finishes the step first.
 */
export function useCtrlC(onCtrlC: () => void, isActive = true): void {
  useInput(
    (input, key) => {
      if (key.ctrl && input === 'c') onCtrlC();
    },
    { isActive },
  );
  // SIGTERM (kill, a closing session manager) means the same as Ctrl+C, not an abrupt death mid-step.
  useEffect(() => {
    if (!isActive) return undefined;
    process.on('SIGTERM', onCtrlC);
    return () => void process.off('SIGTERM', onCtrlC);
  }, [onCtrlC, isActive]);
}

/** A single key (y, n, r, q ...) or Enter, for yes/no prompts and "press a key" pauses. */
export function useKeys(handlers: { [key: string]: (() => void) | undefined; enter?: () => void }, isActive = true): void {
  useInput(
    (input, key) => {
      if (key.return) handlers.enter?.();
      else if (!key.ctrl && !key.meta && input.length === 1) handlers[input.toLowerCase()]?.();
    },
    { isActive },
  );
}
