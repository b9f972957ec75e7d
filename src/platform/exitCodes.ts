/** Exit codes are part of the interface: scripts and CI branch on them. */
export const ExitCode = {
  ok: 0,
  /** The operation failed (cluster unreachable, helm failed, rollout timed out). */
  failure: 1,
  /** Bad flags or missing answers in non-interactive mode. */
  usage: 2,
  /** doctor: at least one check failed. */
  doctorFailed: 3,
  /** doctor: no failures, at least one warning. */
  doctorWarnings: 4,
  /** Cancelled by the user (Ctrl+C), as a shell reports SIGINT. */
  cancelled: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
