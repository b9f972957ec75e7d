import { OutcomeSummary } from '../widgets/OutcomeSummary.js';
import { Box, Static, Text } from 'ink';
import { useEffect, useEffectEvent, useMemo, useRef, useState } from 'react';
import type { BuilderTestPhase, BuilderTestReport } from '../../src/shared/builder/testBuild.js';
import { testBuildSummary } from '../../src/features/testbuild/report.js';
import { useCtrlC } from '../hooks/useCtrlC.js';
import { StatusLine } from '../widgets/StatusLine.js';
import { renderUntilExit } from '../renderUntilExit.js';
import type { CommandStreams } from '../services/commandEnv.js';
import { phaseText, testBuildExitCode, type RunTestBuild } from './runTestBuild.js';

export interface TestBuildAppProps {
  image: string;
  contextLabel: string;
  run: RunTestBuild;
  onExit(code: number): void;
}

interface LogLine {
  id: number;
  text: string;
}

/**
 * The build log streams above a status line (Static: written once, scrolls like any output),
 * then the image pushed with its digest, or the cause and the fix. Ctrl+C cancels the build.
 */
export function TestBuildApp({ image, contextLabel, run, onExit }: TestBuildAppProps) {
  const [lines, setLines] = useState<LogLine[]>([]);
  const [phase, setPhase] = useState<BuilderTestPhase | undefined>();
  const [report, setReport] = useState<BuilderTestReport | undefined>();
  const abort = useMemo(() => new AbortController(), []);
  const started = useRef(false);
  const nextId = useRef(0);

  const [cancelling, setCancelling] = useState(false);
  useCtrlC(() => {
    abort.abort();
    setCancelling(true);
  });

  const start = useEffectEvent(() => {
    void run({
      onLog: (text) => setLines((l) => [...l, { id: nextId.current++, text }]),
      onPhase: setPhase,
      signal: abort.signal,
    }).then(setReport, (e: unknown) =>
      setReport({
        status: 'failed',
        image,
        durationMs: 0,
        log: [],
        cause: 'build-failed',
        summary: (e as Error).message,
        fix: 'Run it again with --debug for details.',
      }),
    );
  });
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    start();
  }, []);

  const exit = useEffectEvent(onExit);
  useEffect(() => {
    if (report) exit(testBuildExitCode(report));
  }, [report]);

  return (
    <Box flexDirection="column">
      <Static items={lines}>
        {(l) => (
          <Text key={l.id} dimColor>
            {' '}
            {l.text}
          </Text>
        )}
      </Static>
      <Text>
        Test build of {contextLabel} → <Text bold>{image}</Text>
      </Text>
      {!report ? <StatusLine status="running" text={cancelling ? 'Cancelling…' : phase ? phaseText(phase) : 'Preparing…'} /> : null}
      {report ? (
        <OutcomeSummary
          lines={testBuildSummary(report)}
          ok={report.status === 'pushed'}
          color={report.status === 'pushed' ? 'green' : report.cause === 'cancelled' ? 'yellow' : 'red'}
        />
      ) : null}
    </Box>
  );
}

export function renderTestBuildApp(props: Omit<TestBuildAppProps, 'onExit'>, streams: CommandStreams): Promise<number> {
  return renderUntilExit((exit) => <TestBuildApp {...props} onExit={exit} />, streams);
}
