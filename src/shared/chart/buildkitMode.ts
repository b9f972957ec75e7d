/** How BuildKit runs in the pod: rootless (preferred) or as root. */
export type BuildkitMode = 'rootless' | 'root';
