import type { BuildkitMode } from './buildkitMode.js';
import { SECRET_NAMES } from './secretNames.js';
import type { ChartGeneration } from './version.js';

export type ValuesPath = readonly string[];

/** What an installer must do differently for each chart generation, read off the charts' templates. */
export interface GenerationTraits {
  generation: ChartGeneration;
  /** How pro-builder reaches the BuildKit daemon in the same Pod. */
  buildkitTransport: 'tcp-mtls' | 'unix-socket';
  /** Certificate secrets the Deployment mounts unconditionally (the Pod will not start without them). */
  certSecrets: readonly string[];
  /** The values key whose image BuildKit runs, per mode. */
  buildkitImagePath: Readonly<Record<BuildkitMode, ValuesPath>>;
  /**
   * When buildkit.securityContext is unset, the template picks the right one for the mode.
   * Otherwise values must carry it, and the chart's default is the rootless one.
   */
  templateSuppliesSecurityContext: boolean;
  /** buildSecrets.privateKeySecret mounts a nacl/box private key for sealed build secrets. */
  supportsBuildSecrets: boolean;
  /**
   * Group that owns root-mode BuildKit's socket. pro-builder reaches it only while running with this
   * group, which the template sets unless proBuilder.securityContext replaces it.
   */
  buildkitSocketGroup?: number;
}

export const GENERATION_TRAITS: Readonly<Record<ChartGeneration, GenerationTraits>> = {
  mtls: {
    generation: 'mtls',
    buildkitTransport: 'tcp-mtls',
    certSecrets: [SECRET_NAMES.clientCerts, SECRET_NAMES.daemonCerts],
    // One key for both modes, and its default is the rootless image: root mode must override it.
    buildkitImagePath: { rootless: ['buildkit', 'image'], root: ['buildkit', 'image'] },
    templateSuppliesSecurityContext: false,
    supportsBuildSecrets: false,
  },
  socket: {
    generation: 'socket',
    buildkitTransport: 'unix-socket',
    certSecrets: [],
    buildkitImagePath: { rootless: ['buildkitRootless', 'image'], root: ['buildkit', 'image'] },
    templateSuppliesSecurityContext: true,
    supportsBuildSecrets: true,
    buildkitSocketGroup: 1000,
  },
};

export interface BuildkitSecurityContext {
  seccompProfile?: { type: string };
  runAsUser: number;
  runAsGroup: number;
  privileged: boolean;
}

/**
 * The BuildKit container's securityContext per mode, as the README asks for it (and as the socket
 * generation's template fills it in by itself). Rootless BuildKit needs an unconfined seccomp profile
 * for its user namespaces; root mode needs a privileged container.
 */
export const BUILDKIT_SECURITY_CONTEXT: Readonly<Record<BuildkitMode, BuildkitSecurityContext>> = {
  rootless: { seccompProfile: { type: 'Unconfined' }, runAsUser: 1000, runAsGroup: 1000, privileged: false },
  root: { runAsUser: 0, runAsGroup: 0, privileged: true },
};

/** The Pod-level fsGroup IRSA needs so the projected AWS token is readable (the README's value). */
export const IRSA_FS_GROUP = 65534;
