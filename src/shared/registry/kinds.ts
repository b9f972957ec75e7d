/** The registry paths the wizard offers; each has its own secrets and values. */
/** ecr-pod-identity: ECR through EKS Pod Identity (the answer is an ecr-irsa one with podIdentity set). */
export type RegistryKind = 'ttlsh' | 'private' | 'ecr' | 'ecr-irsa' | 'ecr-pod-identity';
export const REGISTRY_KINDS: readonly RegistryKind[] = ['ttlsh', 'private', 'ecr', 'ecr-irsa', 'ecr-pod-identity'];
