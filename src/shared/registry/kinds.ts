/** The registry paths the wizard offers; each has its own secrets and values. */
export type RegistryKind = 'ttlsh' | 'private' | 'ecr' | 'ecr-irsa';
export const REGISTRY_KINDS: readonly RegistryKind[] = ['ttlsh', 'private', 'ecr', 'ecr-irsa'];
