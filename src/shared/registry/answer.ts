/** The registry the builder pushes to; credentials live only in memory until written to 0600 files/secrets. */
export type RegistryAnswer =
  | { kind: 'ttlsh' }
  | { kind: 'private'; server: string; username: string; password: string }
  | { kind: 'docker-config'; path: string; text: string }
  | { kind: 'ecr'; accountId: string; region: string; credentialsIni: string }
  | {
      kind: 'ecr-irsa';
      accountId: string;
      region: string;
      roleArn: string;
      policyFile?: string;
      /** EKS Pod Identity instead of IRSA: the role comes from an association, not the service account's annotation. */
      podIdentity?: { clusterName: string };
    };

export function registryLabel(r: RegistryAnswer): string {
  switch (r.kind) {
    case 'ttlsh':
      return 'ttl.sh (anonymous, images expire)';
    case 'private':
      return `private registry ${r.server} as ${r.username}`;
    case 'docker-config':
      return `imported config ${r.path}`;
    case 'ecr':
      return `Amazon ECR ${r.accountId} in ${r.region} with a shared credential`;
    case 'ecr-irsa':
      return `Amazon ECR ${r.accountId} in ${r.region} with ${r.podIdentity ? `EKS Pod Identity on cluster ${r.podIdentity.clusterName}` : 'IRSA'} (${r.roleArn})`;
  }
}
