// Typed overlay errors with a stable `code`: relays turn them into Failure reasons, callers switch on the code.

import { CodedError } from '../model/coded-error.js'

export type OverlayErrorCode =
  /** A request failed validation (signature, budgets, deadline, field bounds). */
  | 'ERR_INVALID_REQUEST'
  /** The other side broke the message order (no request first, a request where results belong, no end). */
  | 'ERR_PROTOCOL'
  /** A wait reached this peer's cut-off for the flood. */
  | 'ERR_CUT_OFF'
  /** The link to the upstream broke: nobody is left to send results to. */
  | 'ERR_UPSTREAM_GONE'
  /** The service was stopped, or used before start(). */
  | 'ERR_NOT_STARTED'
  /** An init option is out of range or contradicts another. */
  | 'ERR_INVALID_INIT'
  /** The requester gave up (its signal aborted). */
  | 'ERR_ABORTED'
  /** In-memory network: the peer is unknown, dead, not connected, or serves no handler. */
  | 'ERR_UNREACHABLE'
  /** In-memory network: the link was torn down (by abort() or because a peer died). */
  | 'ERR_LINK_RESET'
  /** In-memory network: send() after close(). */
  | 'ERR_LINK_CLOSED'
  /** The entry peer could not open a link straight to a chosen vantage point (selection/direct.ts). */
  | 'ERR_NOT_REACHED'
  /** A request sent straight to a peer that is not among its chosen vantage points, or not by its entry peer. */
  | 'ERR_NOT_CHOSEN'

export class OverlayError extends CodedError<OverlayErrorCode> {}

/**
 * A stream that ended by an event (libp2p's streams abort with their 'close' or 'abort' Event, not an Error): the
 * error it carries, or a reset of the link named by the event's type, never "[object Event]".
 */
function fromEvent (err: unknown): unknown {
  if (!(err instanceof Event)) return err
  const cause = (err as Event & { error?: unknown }).error
  return cause instanceof Error ? cause : new OverlayError('ERR_LINK_RESET', `the link ended with its '${err.type}' event`)
}

/** The stable code of any error: an OverlayError's, a libp2p error's `code`/`name`, or a generic one. */
export function errorCode (error: unknown): string {
  const err = fromEvent(error)
  if (err instanceof OverlayError) return err.code
  const code = (err as { code?: unknown } | undefined)?.code
  if (typeof code === 'string') return code
  const name = (err as { name?: unknown } | undefined)?.name
  return typeof name === 'string' && name !== 'Error' ? name : 'ERR_UNKNOWN'
}

/** One line for a Failure reason or a log: `CODE: message`. */
export function describeError (error: unknown): string {
  const err = fromEvent(error)
  const message = err instanceof Error ? err.message : String(err)
  return `${errorCode(err)}: ${message}`
}
