// Typed engine errors. Each has a stable `code`; the CLI maps codes to one-line messages and exit codes, and the
// overlay carries the code and message back as a peer's error.

import { CodedError } from '../model/coded-error.js'

export type EngineErrorCode =
  | 'ERR_INVALID_OPTION'
  | 'ERR_RESOLVE'
  | 'ERR_NO_PRIVILEGE'
  | 'ERR_NATIVE_MISSING'
  | 'ERR_SEND'
  /** Every ICMP identifier of this process is in use by a running trace. */
  | 'ERR_TOO_MANY_TRACES'

export class EngineError extends CodedError<EngineErrorCode> {}

/** A trace option out of range or of the wrong kind (a usage error). */
export class InvalidOptionError extends EngineError {
  constructor (message: string) { super('ERR_INVALID_OPTION', message) }
}

/** The target is neither an IP literal nor a name that resolves. */
export class ResolveError extends EngineError {
  constructor (message: string) { super('ERR_RESOLVE', message) }
}

/** Opening a raw socket needs root or CAP_NET_RAW. */
export class NoPrivilegeError extends EngineError {
  constructor (message = 'raw sockets need root or CAP_NET_RAW: run as root, or `sudo setcap cap_net_raw+ep $(readlink -f $(which node))`') {
    super('ERR_NO_PRIVILEGE', message)
  }
}

/** The native socket layer (native/, built by node-gyp at `npm install`) is missing from build/Release. */
export class NativeLayerMissingError extends EngineError {
  constructor (message: string) { super('ERR_NATIVE_MISSING', message) }
}

/** The kernel refused to send a probe (no route to the target, for instance). */
export class SendError extends EngineError {
  constructor (message: string) { super('ERR_SEND', message) }
}
