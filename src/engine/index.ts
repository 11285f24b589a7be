// The probe engine's public interface: a Paris traceroute engine that runs many traces at once in-process.
// It knows nothing of libp2p; the CLI's `probe` command and the overlay's trace service both call it.

export { ProbeEngine, type EngineInit } from './engine.js'
export { traceOptions, METHODS } from './options.js'
export { resolveTarget, type ResolvedTarget } from './resolve.js'
export type { Family, Hop, Method, StopReason, TraceOptions, TraceResult } from './trace.js'
export { STOP_REASONS } from './trace.js'
export { traceBoundMs } from './trace-bound.js'
export {
  EngineError, InvalidOptionError, ResolveError, NoPrivilegeError, NativeLayerMissingError, SendError
} from './errors.js'
export * as defaults from './constants.js'
