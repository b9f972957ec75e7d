// Test helpers only.
/** The chart's computed values for a default 0.4.19 install (helm get values --all). */
export function chartValues(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    affinity: {},
    awsCredentialsSecret: '',
    buildkit: {
      image: 'moby/buildkit:v0.15.1-rootless',
      resources: { requests: { cpu: '2000m', memory: '2Gi' } },
      rootless: true,
      securityContext: { privileged: false, runAsGroup: 1000, runAsUser: 1000, seccompProfile: { type: 'Unconfined' } },
    },
    disableHmac: false,
    enableLchown: false,
    fullnameOverride: 'pro-builder',
    imagePullPolicy: 'IfNotPresent',
    nodeSelector: {},
    proBuilder: {
      image: 'ghcr.io/openfaasltd/pro-builder:0.5.1',
      maxInflight: 0,
      resources: { requests: { cpu: '100m', memory: '64Mi' } },
    },
    replicas: 1,
    securityContext: {},
    serviceAccount: '',
    tolerations: [],
    ...overrides,
  };
}
