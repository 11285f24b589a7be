// Typed errors of the web view, each with a stable `code`: WebServerError when the server cannot start (the CLI
// prints its one-line message), HttpError for a request that is refused (the client gets its status and reason).

import { CodedError } from '../../model/coded-error.js'

export type WebServerErrorCode =
  /** The port is taken, the address is not this machine's, or binding is not permitted. */
  | 'ERR_WEB_LISTEN'
  /** An init option is out of range. */
  | 'ERR_WEB_INIT'

export class WebServerError extends CodedError<WebServerErrorCode> {}

export type HttpErrorCode =
  | 'ERR_BAD_REQUEST'
  | 'ERR_FORBIDDEN'
  | 'ERR_NOT_FOUND'
  | 'ERR_METHOD_NOT_ALLOWED'
  | 'ERR_MISDIRECTED'
  | 'ERR_TOO_LARGE'
  | 'ERR_TOO_MANY'
  /** A trace's `from` that no vantage point the node knows matches. */
  | 'ERR_NO_MATCH'
  | 'ERR_UNAVAILABLE'
  | 'ERR_INTERNAL'

const CODE_OF_STATUS: Record<number, HttpErrorCode> = {
  400: 'ERR_BAD_REQUEST',
  403: 'ERR_FORBIDDEN',
  404: 'ERR_NOT_FOUND',
  405: 'ERR_METHOD_NOT_ALLOWED',
  413: 'ERR_TOO_LARGE',
  421: 'ERR_MISDIRECTED',
  422: 'ERR_NO_MATCH',
  429: 'ERR_TOO_MANY',
  503: 'ERR_UNAVAILABLE'
}

/** A refused request: `status` and a one-line `message` go to the client as `{"error": message}`. */
export class HttpError extends Error {
  readonly code: HttpErrorCode
  readonly status: number
  /** Extra response headers (Allow for 405, Retry-After for 429). */
  readonly headers: Record<string, string>

  constructor (status: number, message: string, headers: Record<string, string> = {}) {
    super(oneLine(message))
    this.name = 'HttpError'
    this.status = status
    this.code = CODE_OF_STATUS[status] ?? 'ERR_INTERNAL'
    this.headers = headers
  }
}

/** Anything said to a client is one line: newlines in a message (a peer's error, say) become spaces. */
export function oneLine (text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim()
}
