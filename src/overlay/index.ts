// The overlay's public face: flood, dedupe and merge of trace requests over a small transport interface, the
// requester's originate(), and the in-memory network the tests and the simulation run it on.

export type * from './types.js'
export { FloodService, type FloodComponents } from './flood.js'
export { floodLimits, type FloodServiceInit, type FloodLimits } from './flood-init.js'
export { type FloodCounters } from './counters.js'
export { originate, type OriginateEvent, type OriginateInit } from './originate.js'
export type { FailedVantage, TraceSummary } from '../model/index.js'
export { OverlayError, type OverlayErrorCode } from './errors.js'
export { requestProblem, cutoffAt, floodDepth, type RequestLimits } from './request-validation.js'
export { MemoryNetwork, type MemoryNetworkInit, type MemoryNetworkStats, type LinkHandler } from './memory-transport.js'
export { HashAuthenticator, canonicalJson } from './memory-auth.js'
export * from './constants.js'
