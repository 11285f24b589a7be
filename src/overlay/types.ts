// The overlay's contract: the messages a flood carries (plain objects; src/protocol/ maps them to protobuf), the
// small transport interface the flood runs over (libp2p streams, or the in-memory network), and the services it
// is given (probe, authentication). Nothing here knows libp2p or the probe engine.

/** Probe options carried by a request (the engine's TraceOptions, minus what the requester may not choose). */
export interface ProbeSpec {
  method: 'icmp' | 'udp'
  maxHops: number
  firstHop: number
  queries: number
  waitMs: number
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
}

/** Why a trace ended: the engine's own reasons (src/engine/trace.ts), one definition for every layer. */
import type { StopReason } from '../engine/trace.js'
export type { StopReason }

/** A trace result as the engine returns it (the JSON contract of src/engine/trace.ts). */
export interface MeasuredTrace {
  target: string
  addr: string
  method: string
  reached: boolean
  durationMs: number
  probesSent: number
  hops: Array<{ ttl: number, addr: string | null, rtts: number[], flag?: string, addrs?: string[] }>
  /** Absent from peers that predate it. `deadline`: a partial path, cut off by the flood's deadline. */
  stop?: StopReason
}

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

/** A neighbour that failed while the flood waited on it (stream reset, connection lost, deadline). */
export interface Failure {
  peer: string
  reason: string
}

/** Closes one link's part of a flood: sent once, last, by the downstream side. */
export interface TraceEnd {
  requestId: string
  /** Failures seen at or below the sender. */
  failures: Failure[]
  /** Set when the sender had already seen this request and did nothing. */
  duplicate?: boolean
}

export type OverlayMessage =
  | { type: 'request', request: TraceRequest }
  | { type: 'rejoin', request: TraceRequest }
  | { type: 'result', result: VantageResult }
  | { type: 'end', end: TraceEnd }

/**
 * One bidirectional message channel between two peers, for one flood. The upstream side sends a request and reads
 * results then an end; the downstream side reads the request and sends results then an end.
 */
export interface OverlayLink {
  /** The peer at the other end. */
  readonly remote: string
  send: (message: OverlayMessage) => Promise<void>
  /** Inbound messages until the other side closes; throws if the link breaks. */
  messages: () => AsyncIterable<OverlayMessage>
  /** We will send no more. */
  close: () => Promise<void>
  /** Tear the link down now (the other side sees an error). */
  abort: (err: Error) => void
}

export interface OverlayTransport {
  /** This peer's id. */
  readonly self: string
  /** Peers we hold a connection to now. */
  neighbours: () => string[]
  /** Opens a link to a neighbour, or to any peer at `addrs` (a rejoin); rejects if it cannot. */
  open: (peer: string, signal: AbortSignal, addrs?: string[]) => Promise<OverlayLink>
  /** Where this peer listens, for the copies it forwards as an entry peer. */
  addresses?: () => string[]
}

/** Signs what this peer produces and checks what others produced. */
export interface Authenticator {
  signRequest: (request: Omit<TraceRequest, 'signature'>) => Promise<TraceRequest>
  verifyRequest: (request: TraceRequest) => Promise<boolean>
  signResult: (result: Omit<VantageResult, 'signature'>) => Promise<VantageResult>
  verifyResult: (result: VantageResult) => Promise<boolean>
}

/**
 * Told what the entry peer of a flood sends its requester (the node's history records it): every result that
 * passed the merge and its signature check, in order, then the failures of the end, once.
 */
export interface FloodRecorder {
  result: (result: VantageResult) => void
  end: (failures: Failure[]) => void
}

/**
 * Runs this peer's own measurement for a request. Errors come back as a PeerError, never a throw. When `signal`
 * aborts, it resolves soon with the hops measured so far (`stop: 'deadline'`): the flood aborts it a little before
 * this peer's cut-off for that.
 */
export type LocalProber = (request: TraceRequest, signal: AbortSignal) => Promise<{ trace?: MeasuredTrace, error?: PeerError }>
