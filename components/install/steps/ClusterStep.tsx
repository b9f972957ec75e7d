import { Spinner } from '@inkjs/ui';
import { Box, Text } from 'ink';
import { useState } from 'react';
import type { Kube } from '../../../src/platform/kube/client.js';
import { validateNamespace } from '../../../src/platform/validate/index.js';
import { ChoiceList } from '../../widgets/ChoiceList.js';
import { ErrorMessage } from '../../widgets/ErrorMessage.js';
import { KeyHints, QUIT_HINT } from '../../widgets/KeyHints.js';
import { KeyValueList } from '../../widgets/KeyValueList.js';
import { TextField } from '../../widgets/TextField.js';
import type { ClusterFacts } from '../clusterCheck.js';
import { useClusterCheck } from '../useClusterCheck.js';
import { useBackKey } from '../../hooks/useBackKey.js';
import { useKeys } from '../../hooks/useKeys.js';
import { ExitCode } from '../../../src/platform/exitCodes.js';
import { INSECURE_TLS_WARNING } from '../../../src/shared/text/targetLine.js';

export interface ClusterStepProps {
  kube?: Kube;
  /** Set when no Kube could be built (kubeconfig missing or broken). */
  kubeError?: { message: string; nextStep?: string };
  namespace: string;
  /** The helm release name, to say whether it is already deployed there. */
  release?: string;
  /** The install will create a service account (IRSA): its permissions are checked too. */
  serviceAccount: boolean;
  onConfirm(namespace: string, facts: ClusterFacts): void;
  onQuit(code: number, message?: string): void;
}

type Answer = 'no' | 'yes' | 'other-namespace';

/**
 * Which cluster, as whom, and may we: shows the context, server, user and versions, and asks
 * explicitly (default No) before anything else happens. Missing permissions stop the wizard here.
 */
export function ClusterStep({
  kube,
  kubeError,
  namespace: initialNamespace,
  release,
  serviceAccount,
  onConfirm,
  onQuit,
}: ClusterStepProps) {
  const [namespace, setNamespace] = useState(initialNamespace);
  const [attempt, setAttempt] = useState(0);
  const [editing, setEditing] = useState(false);
  const check = useClusterCheck(kube, namespace, serviceAccount, attempt, release);

  const stuck = kubeError !== undefined || check.status === 'failed' || check.status === 'denied';
  useKeys({ enter: () => onQuit(1), r: kubeError ? undefined : () => setAttempt((n) => n + 1) }, stuck);
  useBackKey(() => setEditing(false), editing);

  if (kubeError) {
    return (
      <Box flexDirection="column">
        <ErrorMessage message={kubeError.message} nextStep={kubeError.nextStep} />
        <KeyHints hints={[['Enter', 'exit']]} />
      </Box>
    );
  }
  if (check.status === 'checking') {
    return <Spinner label={`Checking the cluster, helm and your permissions in namespace ${namespace}…`} />;
  }
  if (check.status === 'failed') {
    return (
      <Box flexDirection="column">
        <ErrorMessage message={check.message} nextStep={check.nextStep} />
        <KeyHints
          hints={[
            ['r', 'retry'],
            ['Enter', 'exit'],
          ]}
        />
      </Box>
    );
  }
  if (check.status === 'denied') {
    // The same layout as every other error (ErrorMessage): what is wrong, each missing permission, the next step.
    return (
      <Box flexDirection="column">
        <ErrorMessage
          message={`Your user ${check.target.user} on ${check.target.contextName} may not do everything the install needs:`}
          items={check.denied}
          nextStep={check.nextStep}
        />
        <Text dimColor>Nothing was changed.</Text>
        <KeyHints
          hints={[
            ['r', 'check again'],
            ['Enter', 'exit'],
          ]}
        />
      </Box>
    );
  }

  const { facts } = check;
  const exists = facts.preflight.namespaceExists;
  const rows: [string, string][] = [
    ['Context', facts.target.contextName],
    ['Cluster', facts.target.clusterName],
    ['Server', facts.target.server],
    ['User', facts.target.user],
    ['Kubeconfig', facts.target.source],
    ['Kubernetes', facts.preflight.version.gitVersion || 'unknown version'],
    ['Helm', facts.preflight.helm.raw],
    ['Namespace', exists ? `${namespace} (exists)` : `${namespace} (does not exist yet)`],
  ];
  const deployed = facts.release;
  if (deployed) {
    const what = `pro-builder ${deployed.chartVersion ?? '(version unknown)'}`;
    rows.push([
      'Installed',
      `${what} as release ${deployed.name}, ${deployed.status}${deployed.buildkitMode ? `, BuildKit ${deployed.buildkitMode}` : ''}; this run upgrades it`,
    ]);
  }
  const choose = (a: Answer) => {
    if (a === 'yes') onConfirm(namespace, facts);
    else if (a === 'other-namespace') setEditing(true);
    else onQuit(ExitCode.cancelled, 'Stopped at your request. Nothing was changed.');
  };
  return (
    <Box flexDirection="column">
      <KeyValueList rows={rows} />
      {/* The cluster is confirmed here, before the license and keys go to it: say now that it is not verified. */}
      {facts.target.insecureSkipTlsVerify ? <Text color="yellow">{INSECURE_TLS_WARNING}</Text> : null}
      <Box marginTop={1} flexDirection="column">
        {editing ? (
          <TextField
            label="Namespace"
            placeholder={namespace}
            hint={`Leave empty to keep ${namespace}.`}
            validate={(raw) => validateNamespace(raw.trim() === '' ? namespace : raw)}
            onSubmit={(ns) => {
              setEditing(false);
              setNamespace(ns);
            }}
          />
        ) : (
          <>
            <Text bold>Install into this cluster?</Text>
            <ChoiceList<Answer>
              key={`${namespace}-${exists}`}
              defaultValue="no"
              onSubmit={choose}
              choices={[
                { value: 'no', label: 'No, stop here' },
                {
                  value: 'yes',
                  label: exists
                    ? `Yes, install into ${facts.target.contextName}`
                    : `Yes, install into ${facts.target.contextName} and create namespace ${namespace}`,
                },
                { value: 'other-namespace', label: 'Use another namespace' },
              ]}
            />
          </>
        )}
      </Box>
      <KeyHints
        hints={
          editing ? [['Enter', 'check this namespace'], ['Esc', 'back'], QUIT_HINT] : [['↑/↓', 'move'], ['Enter', 'choose'], QUIT_HINT]
        }
      />
    </Box>
  );
}
