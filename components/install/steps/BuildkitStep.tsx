import { Box, Text } from 'ink';
import { useState } from 'react';
import type { BuildkitMode } from '../../../src/cli/args.js';
import type { ChartTuningDefaults } from '../../../src/shared/chart/tuningDefaults.js';
import { accept, validateMaxInflight, validateQuantity, validateReplicas, type Validation } from '../../../src/platform/validate/index.js';
import { ChoiceList } from '../../widgets/ChoiceList.js';
import { BACK_HINT, KeyHints, QUIT_HINT } from '../../widgets/KeyHints.js';
import { TextField } from '../../widgets/TextField.js';
import { useFieldSequence } from '../useFieldSequence.js';
import { useBackKey } from '../../hooks/useBackKey.js';

export interface BuildkitAnswer {
  buildkitMode: BuildkitMode;
  maxInflight?: number;
  replicas?: number;
  buildkitCpu?: string;
  buildkitMemory?: string;
}

export interface BuildkitStepProps {
  initial?: Partial<BuildkitAnswer>;
  /** The chart's own values for the fields left empty (read from the chart being installed). */
  chartDefaults?: ChartTuningDefaults;
  /** The mode the deployed release runs: marked "in use now", as the registry step marks its choice. */
  current?: BuildkitMode;
  onAnswer(a: BuildkitAnswer): void;
  onBack?: () => void;
}

/** Empty means "leave the chart's default"; anything else must pass the validator. */
function optional<T>(validate: (raw: string) => Validation<T>) {
  return (raw: string): Validation<T | undefined> => (raw.trim() === '' ? accept(undefined) : validate(raw));
}

/** Explicitly unset, so answers given earlier (or by flags) are cleared when defaults are chosen. */
const NO_TUNING = { maxInflight: undefined, replicas: undefined, buildkitCpu: undefined, buildkitMemory: undefined };

const TUNING = ['maxInflight', 'replicas', 'cpu', 'memory'] as const;

function TuningForm({
  initial,
  chartDefaults = {},
  onDone,
  onBack,
}: {
  initial: Partial<BuildkitAnswer>;
  chartDefaults?: ChartTuningDefaults;
  onDone(t: Omit<BuildkitAnswer, 'buildkitMode'>): void;
  onBack(): void;
}) {
  const form = useFieldSequence(TUNING, onBack);
  const [t, setT] = useState<Omit<BuildkitAnswer, 'buildkitMode'>>({
    maxInflight: initial.maxInflight,
    replicas: initial.replicas,
    buildkitCpu: initial.buildkitCpu,
    buildkitMemory: initial.buildkitMemory,
  });
  const text = (v: string | number | undefined) => (v === undefined ? '' : String(v));
  const next = (field: (typeof TUNING)[number], raw: string, patch: Partial<BuildkitAnswer>) => {
    const all = { ...t, ...patch };
    setT(all);
    if (form.advance(field, raw)) onDone(all);
  };
  // The placeholder is the chart's own default, so "leave empty" says what empty means.
  const hint = (chartValue: string | number | undefined, meaning?: string) =>
    chartValue === undefined
      ? 'Leave empty for the chart’s default.'
      : `Leave empty for the chart’s default: ${chartValue}${meaning ? ` (${meaning})` : ''}.`;
  const placeholder = (v: string | number | undefined) => (v === undefined ? undefined : String(v));
  switch (form.current) {
    case 'maxInflight':
      return (
        <TextField<number | undefined>
          key="maxInflight"
          label="Concurrent builds per replica (0 = no limit)"
          defaultValue={form.values.maxInflight ?? text(t.maxInflight)}
          placeholder={placeholder(chartDefaults.maxInflight)}
          hint={hint(chartDefaults.maxInflight, chartDefaults.maxInflight === 0 ? 'no limit' : undefined)}
          validate={optional(validateMaxInflight)}
          onSubmit={(v, raw) => next('maxInflight', raw, { maxInflight: v })}
        />
      );
    case 'replicas':
      return (
        <TextField<number | undefined>
          key="replicas"
          label="Replicas"
          defaultValue={form.values.replicas ?? text(t.replicas)}
          placeholder={placeholder(chartDefaults.replicas)}
          hint={hint(chartDefaults.replicas)}
          validate={optional(validateReplicas)}
          onSubmit={(v, raw) => next('replicas', raw, { replicas: v })}
        />
      );
    case 'cpu':
      return (
        <TextField<string | undefined>
          key="cpu"
          label="BuildKit CPU request"
          placeholder={placeholder(chartDefaults.cpu)}
          defaultValue={form.values.cpu ?? text(t.buildkitCpu)}
          hint={hint(chartDefaults.cpu)}
          validate={optional((r) => validateQuantity('cpu', r))}
          onSubmit={(v, raw) => next('cpu', raw, { buildkitCpu: v })}
        />
      );
    case 'memory':
      return (
        <TextField<string | undefined>
          key="memory"
          label="BuildKit memory request"
          placeholder={placeholder(chartDefaults.memory)}
          defaultValue={form.values.memory ?? text(t.buildkitMemory)}
          hint={hint(chartDefaults.memory)}
          validate={optional((r) => validateQuantity('memory', r))}
          onSubmit={(v, raw) => next('memory', raw, { buildkitMemory: v })}
        />
      );
  }
}

/** How BuildKit runs: rootless where the nodes allow it, otherwise as root; then optional limits. */
export function BuildkitStep({ initial = {}, chartDefaults, current, onAnswer, onBack }: BuildkitStepProps) {
  const [phase, setPhase] = useState<'mode' | 'tune?' | 'tune'>('mode');
  const [mode, setMode] = useState<BuildkitMode>(initial.buildkitMode ?? 'rootless');
  useBackKey(phase === 'mode' ? onBack : () => setPhase('mode'), phase !== 'tune');
  const hasTuning = [initial.maxInflight, initial.replicas, initial.buildkitCpu, initial.buildkitMemory].some((v) => v !== undefined);

  const content =
    phase === 'mode' ? (
      <>
        <Text bold>How should BuildKit run?</Text>
        <ChoiceList<BuildkitMode>
          key="mode"
          defaultValue={mode}
          choices={[
            { value: 'rootless' as const, label: 'Rootless (preferred)', hint: 'no privileges; needs user namespaces on the nodes' },
            { value: 'root' as const, label: 'As root, privileged', hint: 'for development, or where rootless does not work' },
          ].map((c) => (c.value === current ? { ...c, hint: `in use now · ${c.hint}` } : c))}
          onSubmit={(m) => {
            setMode(m);
            setPhase('tune?');
          }}
        />
      </>
    ) : phase === 'tune?' ? (
      <>
        <Text bold>Build limits and resources</Text>
        <ChoiceList<'defaults' | 'tune'>
          key="tune?"
          defaultValue={hasTuning ? 'tune' : 'defaults'}
          choices={[
            { value: 'defaults', label: 'Use the chart’s defaults' },
            { value: 'tune', label: 'Set concurrent builds, replicas, CPU and memory' },
          ]}
          onSubmit={(c) => (c === 'defaults' ? onAnswer({ buildkitMode: mode, ...NO_TUNING }) : setPhase('tune'))}
        />
      </>
    ) : (
      <TuningForm
        initial={initial}
        chartDefaults={chartDefaults}
        onDone={(t) => onAnswer({ buildkitMode: mode, ...t })}
        onBack={() => setPhase('tune?')}
      />
    );
  return (
    <Box flexDirection="column">
      {phase !== 'mode' ? <Text dimColor>BuildKit: {mode}</Text> : null}
      {content}
      <KeyHints hints={[['Enter', phase === 'tune' ? 'next' : 'choose'], ...(onBack || phase !== 'mode' ? [BACK_HINT] : []), QUIT_HINT]} />
    </Box>
  );
}
