import { Box, Text } from 'ink';
import { ActionableError } from '../../src/platform/errors.js';

/** What went wrong and what to do next: every error the user sees has both. */
export function ErrorMessage({ message, nextStep }: { message: string; nextStep?: string }) {
  return (
    <Box flexDirection="column">
      <Text color="red">× {message}</Text>
      {nextStep ? <Text>  Next: {nextStep}</Text> : null}
    </Box>
  );
}

/** The message and next step of any error this program raises (KubeError, HelmError, ...). */
export function errorParts(e: unknown): { message: string; nextStep?: string } {
  if (e instanceof ActionableError) return { message: e.message, nextStep: e.nextStep || undefined };
  return { message: e instanceof Error ? e.message : String(e), nextStep: undefined };
}
