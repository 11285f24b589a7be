// Typed protocol errors with stable codes: a peer that sends a malformed, truncated or oversized message gets its
// stream aborted with one of these, and it is logged; the node keeps serving.

import { CodedError } from '../model/coded-error.js'

export type ProtocolErrorCode =
  /** A message broke a bound or the schema. */
  | 'ERR_MALFORMED_MESSAGE'

class ProtocolError extends CodedError<ProtocolErrorCode> {}

export class MalformedMessageError extends ProtocolError {
  constructor (message: string) { super('ERR_MALFORMED_MESSAGE', message) }
}
