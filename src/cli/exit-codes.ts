// Process exit codes, and the mapping from typed errors to them. A usage error (2) is one the command line can fix:
// a bad option, or a path or address it names that cannot work; a runtime failure (1) is one of the moment, such
// as a port or a data dir another process holds; missing privilege is 3.

export const EXIT_OK = 0
export const EXIT_FAILURE = 1
export const EXIT_USAGE = 2
export const EXIT_NO_PRIVILEGE = 3
export const EXIT_INTERRUPTED = 130

/** Every code not listed is a runtime failure (1); those listed with 1 are documented start-up failures. */
const BY_CODE: Record<string, number> = {
  ERR_INVALID_OPTION: EXIT_USAGE,
  ERR_RESOLVE: EXIT_USAGE,
  ERR_USAGE: EXIT_USAGE,
  ERR_BAD_ID: EXIT_USAGE,
  ERR_NO_PRIVILEGE: EXIT_NO_PRIVILEGE,
  // Start-up of a node (src/node/errors.ts).
  ERR_BOOTSTRAP_FILE: EXIT_USAGE,
  ERR_SWARM_KEY: EXIT_USAGE,
  ERR_DATA_DIR_UNUSABLE: EXIT_USAGE,
  ERR_ADDRESS_NOT_AVAILABLE: EXIT_USAGE,
  ERR_LISTEN_DENIED: EXIT_NO_PRIVILEGE,
  ERR_DATA_DIR_LOCKED: EXIT_FAILURE,
  ERR_PORT_IN_USE: EXIT_FAILURE,
  ERR_LISTEN_FAILED: EXIT_FAILURE
}

export function exitCodeOf (err: unknown): number {
  const code = (err as { code?: unknown })?.code
  return typeof code === 'string' ? (BY_CODE[code] ?? EXIT_FAILURE) : EXIT_FAILURE
}
