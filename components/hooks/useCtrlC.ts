import { useEffect } from 'react';
import { useInput } from 'ink';

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
