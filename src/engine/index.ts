// The probe engine's public interface: a Paris traceroute engine that runs many traces at once in-process.
// It knows nothing of libp2p; the CLI's `probe` command and the overlay's trace service both call it.

export { ProbeEngine } from './engine.js'
export { resolveTarget } from './resolve.js'
export type { Method, TraceResult } from './trace.js'
export { EngineError } from './errors.js'
export type { ProbeBudget } from './probe-budget.js'
export * as defaults from './constants.js'
