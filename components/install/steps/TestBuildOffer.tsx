import { Box, Text } from 'ink';
import { useEffect, useEffectEvent, useState } from 'react';
import { useBackKey } from '../../hooks/useBackKey.js';
import { useCtrlC } from '../../hooks/useCtrlC.js';
import { useKeys } from '../../hooks/useKeys.js';
import { ErrorMessage } from '../../widgets/ErrorMessage.js';
import { KeyHints } from '../../widgets/KeyHints.js';
import { StatusLine } from '../../widgets/StatusLine.js';
import type { PreparedTestBuildRun } from '../../services/ServicesContext.js';
import { TestBuildApp } from '../../testbuild/TestBuildApp.js';

export interface TestBuildOfferProps {
  /** Reads the key and the registry from the cluster and makes the run; called only after "y". */
  prepare(): Promise<PreparedTestBuildRun>;
  /** 0 when declined; the test build's exit code when it ran. */
  onExit(code: number): void;
}

type Phase =
  | { name: 'ask' }
  | { name: 'preparing' }
  | { name: 'running'; run: Extract<PreparedTestBuildRun, { ok: true }> }
  | { name: 'unprepared'; message: string; nextStep: string };

/** The Done screen's last question: "Run a test build now?" — y builds and pushes one image, with the log streaming. */
export function TestBuildOffer({ prepare, onExit }: TestBuildOfferProps) {
  const [phase, setPhase] = useState<Phase>({ name: 'ask' });
  const asking = phase.name === 'ask';
  const decline = () => onExit(0);
  useKeys({ y: () => setPhase({ name: 'preparing' }), n: decline, enter: decline }, asking);
  useBackKey(decline, asking);
  useCtrlC(decline, asking);

  const startPreparing = useEffectEvent(() => {
    prepare().then(
      (p) => setPhase(p.ok ? { name: 'running', run: p } : { name: 'unprepared', message: p.message, nextStep: p.nextStep }),
      (e: unknown) =>
        setPhase({ name: 'unprepared', message: (e as Error).message, nextStep: 'Run probuilder-setup test-build for details.' }),
    );
  });
  useEffect(() => {
    if (phase.name === 'preparing') startPreparing();
  }, [phase.name]);

  const exit = useEffectEvent(onExit);
  useEffect(() => {
    if (phase.name === 'unprepared') exit(1);
  }, [phase.name]);

  switch (phase.name) {
    case 'ask':
      return (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>
            Run a test build now? <Text dimColor>y/N</Text>
          </Text>
          <Text dimColor>Builds a tiny FROM scratch image through the pro-builder and pushes it to your registry.</Text>
          <KeyHints
            hints={[
              ['y', 'build'],
              ['N/Enter/Esc', 'finish'],
            ]}
          />
        </Box>
      );
    case 'preparing':
      return <StatusLine status="running" text="Preparing the test build…" />;
    case 'unprepared':
      return (
        <Box marginTop={1}>
          <ErrorMessage message={phase.message} nextStep={phase.nextStep} />
        </Box>
      );
    case 'running':
      return <TestBuildApp image={phase.run.image} contextLabel={phase.run.contextLabel} run={phase.run.run} onExit={onExit} />;
  }
}
