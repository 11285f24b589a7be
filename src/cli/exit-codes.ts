// Process exit codes, and the mapping from typed errors to them. A usage error (2) is one the command line can fix:
// a bad option, or a path or address it names that cannot work; a runtime failure (1) is one of the moment, such
// as a port or a data dir another process holds; missing privilege is 3.

import type { AnnotateErrorCode } from '../annotate/errors.js'
import type { EngineErrorCode } from '../engine/errors.js'
import type { HistoryErrorCode } from '../history/errors.js'
import type { NodeErrorCode } from '../node/errors.js'
import type { OverlayErrorCode } from '../overlay/errors.js'
import type { ProtocolErrorCode } from '../protocol/errors.js'
import type { WebServerErrorCode } from '../web/server/errors.js'

export const EXIT_FAILURE = 1
export const EXIT_USAGE = 2
const EXIT_NO_PRIVILEGE = 3

type ExitCode = typeof EXIT_FAILURE | typeof EXIT_USAGE | typeof EXIT_NO_PRIVILEGE

/** Every code our typed errors carry: a new one without a line in the table below does not compile. */
type ErrorCode = EngineErrorCode | NodeErrorCode | HistoryErrorCode | OverlayErrorCode | ProtocolErrorCode |
WebServerErrorCode | AnnotateErrorCode

const BY_CODE: Record<ErrorCode, ExitCode> = {
  // The probe engine (src/engine/errors.ts).
  ERR_INVALID_OPTION: EXIT_USAGE,
  ERR_RESOLVE: EXIT_USAGE,
  ERR_NO_PRIVILEGE: EXIT_NO_PRIVILEGE,
  ERR_NATIVE_MISSING: EXIT_FAILURE,
  ERR_SEND: EXIT_FAILURE,
  ERR_TOO_MANY_TRACES: EXIT_FAILURE,
  // The node (src/node/errors.ts): usage, clients, and the documented start-up failures (the README's table).
  ERR_USAGE: EXIT_USAGE,
  ERR_PEER_UNREACHABLE: EXIT_FAILURE,
  // `trace --from EXPR` that no known vantage point matches: the expression is the command line's to change.
  ERR_NO_MATCH: EXIT_USAGE,
  ERR_BOOTSTRAP_FILE: EXIT_USAGE,
  ERR_SWARM_KEY: EXIT_USAGE,
  ERR_DATA_DIR_UNUSABLE: EXIT_USAGE,
  ERR_ADDRESS_NOT_AVAILABLE: EXIT_USAGE,
  ERR_LISTEN_DENIED: EXIT_NO_PRIVILEGE,
  ERR_DATA_DIR_LOCKED: EXIT_FAILURE,
  ERR_PORT_IN_USE: EXIT_FAILURE,
  ERR_LISTEN_FAILED: EXIT_FAILURE,
  // The history (src/history/errors.ts): an id that cannot be one is the command line's to fix.
  ERR_BAD_ID: EXIT_USAGE,
  ERR_AMBIGUOUS_ID: EXIT_FAILURE,
  ERR_NOT_FOUND: EXIT_FAILURE,
  ERR_ACCESS_DENIED: EXIT_FAILURE,
  ERR_HISTORY_UNAVAILABLE: EXIT_FAILURE,
  ERR_HISTORY_PROTOCOL: EXIT_FAILURE,
  // The overlay (src/overlay/errors.ts) and the wire (src/protocol/errors.ts): failures of the moment.
  ERR_INVALID_REQUEST: EXIT_FAILURE,
  ERR_PROTOCOL: EXIT_FAILURE,
  ERR_CUT_OFF: EXIT_FAILURE,
  ERR_UPSTREAM_GONE: EXIT_FAILURE,
  ERR_NOT_STARTED: EXIT_FAILURE,
  ERR_INVALID_INIT: EXIT_FAILURE,
  ERR_ABORTED: EXIT_FAILURE,
  ERR_UNREACHABLE: EXIT_FAILURE,
  ERR_LINK_RESET: EXIT_FAILURE,
  ERR_LINK_CLOSED: EXIT_FAILURE,
  ERR_NOT_REACHED: EXIT_FAILURE,
  ERR_NOT_CHOSEN: EXIT_FAILURE,
  ERR_MALFORMED_MESSAGE: EXIT_FAILURE,
  // The web view (src/web/server/errors.ts); `node --http` reports its listen failures as the node's own.
  ERR_WEB_LISTEN: EXIT_FAILURE,
  ERR_WEB_INIT: EXIT_FAILURE,
  // Hop annotation (src/annotate/errors.ts): an --asn-db file that is missing or malformed.
  ERR_ASN_DB: EXIT_USAGE
}

/** A code not in the table (a library's, say) is a runtime failure. */
export function exitCodeOf (err: unknown): number {
  const code = (err as { code?: unknown })?.code
  return typeof code === 'string' && Object.hasOwn(BY_CODE, code) ? BY_CODE[code as ErrorCode] : EXIT_FAILURE
}
