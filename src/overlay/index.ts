// The overlay's public face: flood, dedupe and merge of trace requests over a small transport interface, the
// requester's originate(), and the in-memory network the tests and the simulation run it on.

export type * from './types.js'
export { FloodService } from './flood.js'
export { type FloodServiceInit } from './flood-init.js'
export { type FloodCounters } from './counters.js'
export { originate, requesterBackstopMs, type ExpectedVantage, type OriginateEvent } from './originate.js'
export type { TraceSummary } from '../model/index.js'
export { OverlayError } from './errors.js'
export { cutoffAt } from './request-validation.js'
export { MemoryNetwork } from './memory-transport.js'
export { HashAuthenticator } from './memory-auth.js'
export * from './constants.js'
