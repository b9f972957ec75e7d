// Helm output and API messages may carry terminal escapes; what we print must never drive the terminal.
const CONTROL = /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-_]|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Text from helm, the API server or a pod, made safe to print: terminal escapes and control characters removed. */
export function cleanLine(text: string): string {
  return text.replace(CONTROL, '');
}
