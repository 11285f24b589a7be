// The overlay's contract: the messages a flood carries (plain objects; src/protocol/ maps them to protobuf), the
// small transport interface the flood runs over (libp2p streams, or the in-memory network), and the services it
// is given (probe, authentication). Nothing here knows libp2p or the probe engine. The request, the results and the
// failures they carry are the shared model's (src/model/).

import type { Failure, MeasuredTrace, PeerError, TraceRequest, VantageResult } from '../model/index.js'

export type { Failure, MeasuredTrace, PeerError, ProbeSpec, StopReason, TraceRequest, VantageResult } from '../model/index.js'

/** Closes one link's part of a flood: sent once, last, by the downstream side. */
export interface TraceEnd {
  requestId: string
  /** Failures seen at or below the sender. */
  failures: Failure[]
  /** Set when the sender had already seen this request and did nothing. */
  duplicate?: boolean
}

/**
 * Sent upstream when the request asked for it (`reportAsked`): the peers `by` forwarded the request to, so the
 * requester knows who was asked and names the ones that never answered.
 */
export interface AskedPeers {
  requestId: string
  by: string
  peers: string[]
}

export type OverlayMessage =
  | { type: 'request', request: TraceRequest }
  | { type: 'rejoin', request: TraceRequest }
  | { type: 'result', result: VantageResult }
  | { type: 'end', end: TraceEnd }
  | { type: 'asked', asked: AskedPeers }

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
  /**
   * Whether a link to `peer` could be opened now without the flood: a connection is held or an address is known.
   * An entry peer asks it of each chosen vantage point before delivering a request straight to them; a transport
   * without it is taken to reach every peer.
   */
  dialable?: (peer: string) => Promise<boolean>
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
 * this peer's cut-off for that; `stopInMs` says when, from the call, so the measurement can plan to end before it.
 */
export type LocalProber = (request: TraceRequest, signal: AbortSignal, stopInMs?: number) => Promise<{ trace?: MeasuredTrace, error?: PeerError }>
