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
