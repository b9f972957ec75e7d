/**
 * A registry host on a loopback address (localhost, 127.0.0.0/8, ::1): inside the pro-builder Pod
 * that address is the Pod itself, not the machine where the registry runs, so every push fails.
 */
export function isLoopbackRegistry(server: string): boolean {
  const host = server
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .split('/')[0]!;
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d+$/, '');
  return (
    name === 'localhost' || name.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(name) || name === '::1' || name === '0:0:0:0:0:0:0:1'
  );
}

/** The warning for such a host, for the wizard and the doctor alike. */
export function loopbackRegistryWarning(server: string): { message: string; hint: string } {
  return {
    message: `${server} is a loopback address: inside the pro-builder Pod it means the Pod itself, not the machine running the registry, so pushes will fail.`,
    hint: "Use an address the Pods can reach: the registry Service (e.g. registry.registry.svc.cluster.local:5000) or the node's IP address.",
  };
}
