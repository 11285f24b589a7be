// One vantage point's answer to a request: its trace or its error, signed by that peer (VantageResult), and the
// plain view of it the output formats and the web page take (VantageView).

import type { MeasuredTrace } from './trace.js'

export interface PeerError {
  code: string
  message: string
}

/** One vantage point's answer: its trace, or its error; signed by that peer. */
export interface VantageResult {
  requestId: string
  /** The measuring peer's id. */
  peer: string
  /** Its operator-chosen label (--name). */
  name: string
  trace?: MeasuredTrace
  error?: PeerError
  signature: Uint8Array
}

/** What a format prints of one vantage point: a VantageResult without its request id and signature. */
export type VantageView = Pick<VantageResult, 'peer' | 'name' | 'trace' | 'error'>
