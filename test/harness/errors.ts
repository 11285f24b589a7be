// The harness's typed errors: tests and callers switch on the stable `code`, never on message text.

export type HarnessErrorCode =
  /** The topology description is malformed (unknown node, duplicate name, self-link…). */
  | 'E_TOPOLOGY'
  /** The topology needs more links or unreachable prefixes than the address plan holds. */
  | 'E_ADDRESS_SPACE'
  /** A node name that the lab does not have. */
  | 'E_UNKNOWN_NODE'
  /** An address that no node of the lab owns and no unreachable prefix covers. */
  | 'E_UNKNOWN_ADDRESS'
  /** The routes give no path from the node to the target. */
  | 'E_NO_ROUTE'
  /** path() was asked for a single path where ECMP gives several. */
  | 'E_MULTIPATH'
  /** A setup command (ip, iptables, a sysctl script) failed while building the lab. */
  | 'E_SETUP_FAILED'
  /** A command could not be started at all (missing binary). */
  | 'E_SPAWN_FAILED'
  /** The lab was used after destroy(). */
  | 'E_DESTROYED'

export class HarnessError extends Error {
  readonly code: HarnessErrorCode

  constructor (code: HarnessErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'HarnessError'
    this.code = code
  }
}
