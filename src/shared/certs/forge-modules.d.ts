// node-forge's individual modules, which its types do not declare: each returns the shared forge
// object after adding its part (see x509Fields.ts).
declare module 'node-forge/lib/forge.js' {
  const forge: unknown;
  export default forge;
}
declare module 'node-forge/lib/asn1.js';
declare module 'node-forge/lib/util.js';
