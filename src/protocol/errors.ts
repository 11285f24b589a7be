// Typed protocol errors with stable codes: a peer that sends a malformed, truncated or oversized message gets its
// stream aborted with one of these, and it is logged; the node keeps serving.

export type ProtocolErrorCode =
  /** A message broke a bound or the schema. */
  | 'ERR_MALFORMED_MESSAGE'

class ProtocolError extends Error {
  readonly code: ProtocolErrorCode
  constructor (code: ProtocolErrorCode, message: string) {
    super(message)
    this.code = code
    this.name = new.target.name
  }
}

export class MalformedMessageError extends ProtocolError {
  constructor (message: string) { super('ERR_MALFORMED_MESSAGE', message) }
}
