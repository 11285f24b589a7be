// Traces this node starts itself (the web view's form): signed with the operator key, flooded through this
// node's own flood service over an in-process link, so they are probed here too and recorded in the history
// exactly like a trace a client sends in.

import type { Method } from '../engine/index.js'
import type { OriginateEvent } from '../overlay/index.js'

export interface LocalTraceParams {
  target: string
  method: Method
  /** How long results are awaited. */
  timeoutMs: number
  maxHops?: number
  queries?: number
  /** Flood radius in overlay hops. */
  hopBudget?: number
}

export interface LocalTrace {
  /** The request id: also its id in the history. */
  id: string
  startedAt: number
  /** Verified results as they land, then one summary; ends by the timeout, or when `signal` aborts. */
  events: AsyncIterable<OriginateEvent>
}

export interface LocalTraceRunner {
  start: (params: LocalTraceParams, signal?: AbortSignal) => Promise<LocalTrace>
}
