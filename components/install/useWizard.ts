import { useReducer } from 'react';
import type { InstallOptions } from '../../src/cli/args.js';
import type { FlagResolution } from '../../src/features/install/flags.js';
import { initialWizardState, wizardReducer } from './wizardReducer.js';

/** The wizard's navigation state: which step is shown and the answers so far. */
export function useWizard(options: InstallOptions, flags: FlagResolution) {
  const [state, dispatch] = useReducer(wizardReducer, undefined, () => initialWizardState(options, flags));
  return { state, dispatch };
}
