// Process exit codes, and the mapping from typed errors to them: usage errors are 2, missing privilege is 3.

export const EXIT_OK = 0
export const EXIT_FAILURE = 1
export const EXIT_USAGE = 2
export const EXIT_NO_PRIVILEGE = 3
export const EXIT_INTERRUPTED = 130

const BY_CODE: Record<string, number> = {
  ERR_INVALID_OPTION: EXIT_USAGE,
  ERR_RESOLVE: EXIT_USAGE,
  ERR_USAGE: EXIT_USAGE,
  ERR_BAD_ID: EXIT_USAGE,
  ERR_NO_PRIVILEGE: EXIT_NO_PRIVILEGE
}

export function exitCodeOf (err: unknown): number {
  const code = (err as { code?: unknown })?.code
  return typeof code === 'string' ? (BY_CODE[code] ?? EXIT_FAILURE) : EXIT_FAILURE
}
