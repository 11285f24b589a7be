// The plain data every layer shares: a trace's result and hops, the request, a vantage point's answer, the summary,
// the history record and the JSON row. Types, pure functions and the errors' one shape (coded-error.ts); nothing
// here imports anything of ours.

export { type Hop, type MeasuredTrace, type Probe, type StopReason, type TraceResult } from './trace.js'
export type { ProbeSpec, TraceRequest } from './request.js'
export type { PeerError, VantageResult, VantageView } from './vantage.js'
export type { FailedVantage, Failure, SummaryView, TraceSummary } from './summary.js'
export { failedCount, listingAtMost } from './summary.js'
export type { HistoryEntry, StoredTrace, TraceInfo } from './history.js'
export { annotationsFromRow, vantageFromRow, vantageRow, type VantageRow } from './json.js'
export {
  annotatedAddress, hostLabel, NO_ANNOTATIONS, traceAddresses, type AddressAnnotation, type Annotations
} from './annotation.js'
