// What a caller asks the engine for (TraceOptions). What it gets back (TraceResult, Hop, StopReason) is the shared
// model's (src/model/trace.ts): the JSON form of TraceResult is the contract the overlay carries between peers.

import type { Method } from '../model/trace.js'

export { type Hop, type Method, type Probe, type StopReason, type TraceResult } from '../model/trace.js'

export type Family = 4 | 6

export interface TraceOptions {
  method: Method
  /** Force an address family when the target is a name; an IP literal decides by itself. */
  family?: Family
  firstHop: number
  maxHops: number
  /** Probes (RTT samples) per hop. */
  queries: number
  /** Cap on any one wait, in ms. */
  waitMs: number
  /** Destination port of UDP and TCP probes. */
  port: number
  /** Consecutive silent hops past the last answer after which the trace stops. */
  gapLimit: number
  /** Rounds of one probe per hop once the path is found (mtr mode); 0: none. */
  rounds: number
  /**
   * When the caller will abort the trace, in ms after it asks: a flood's probe stop. The trace then plans its end
   * (its paced retries past the last answer) to fall before it, and ends by its own rules with time to send the
   * result, rather than being cut at the abort (plannedBoundMs). Absent: the trace's own bound alone.
   */
  deadlineMs?: number
}
