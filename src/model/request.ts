// What a requester asks the network for: the signed trace request a flood carries, and its probe options.

import type { Selection } from './selector.js'
import type { Method } from './trace.js'

/** Probe options carried by a request (the engine's TraceOptions, minus what the requester may not choose). */
export interface ProbeSpec {
  method: Method
  maxHops: number
  firstHop: number
  queries: number
  waitMs: number
  /** `--rounds N` (mtr mode): N rounds of one probe per hop once the path is found; absent or 0: none. */
  rounds?: number
  /** Destination port of udp and tcp probes; absent: the engine's default for the method (33434, 80). */
  port?: number
}

export interface TraceRequest {
  /** 16 random bytes, hex: the flood's identity, for duplicate suppression. */
  id: string
  /** Peer id (string form) of the requester, whose key signed the request. */
  origin: string
  target: string
  probe: ProbeSpec
  /** The flood radius the origin chose; signed, never raised. */
  initialHopBudget: number
  /** What is left of it: each relay forwards with one less; not signed (a relay may only lower it). */
  hopBudget: number
  /** Unix ms by which every result must be back at the origin; signed. */
  deadline: number
  /** Unix ms when the origin made the request; signed. */
  timestamp: number
  /** The origin's signature over everything but hopBudget and the signature itself. */
  signature: Uint8Array
  /**
   * The peer the origin sent the request to (signed). A peer whose upstream dies mid-flood opens a `rejoin` link to
   * it and sends its results there, so a dead relay does not take its subtree's results with it.
   */
  entry?: string
  /**
   * Where the entry peer listens (multiaddr strings), stamped by the entry itself on the copies it forwards; not
   * signed (a relay could alter it, but the entry's identity is signed, so a wrong address only fails the dial).
   */
  entryAddrs?: string[]
  /**
   * Set (not signed) by a requester or relay that reads `asked` messages: a peer that gets a request with it set
   * tells its upstream which peers it forwarded to, so the requester knows who was asked and can name the ones
   * that never answered. A relay sets it on every copy it forwards; a peer that predates it never sees it set.
   */
  reportAsked?: boolean
  /**
   * Set (not signed) by the relay that forwarded this copy: the peers it forwarded the request to as well. The
   * receiver does not forward to them (they have the request already), which saves a stream per link of a triangle
   * of the overlay. At most MAX_SIBLINGS; a subset is always correct.
   */
  siblings?: string[]
  /**
   * Set (not signed) by the entry peer on the copies it sends straight to the chosen vantage points of a request
   * (src/overlay/selection/direct.ts): the receiver must be one of them, probes, and forwards nothing.
   */
  direct?: boolean
  /** Which vantage points are asked (`--from`, `--limit`); signed. Absent: every peer. */
  selector?: Selection
}
