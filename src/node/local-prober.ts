// This peer's own measurement for a flood: the probe engine run on the request's target and options. Whatever
// goes wrong (bad target, no privilege, too busy) comes back as this peer's error, never as silence.

import { EngineError, ProbeEngine } from '../engine/index.js'
import type { LocalProber, MeasuredTrace, PeerError, TraceRequest } from '../overlay/types.js'

export const DEFAULT_MAX_CONCURRENT_PROBES = 32

export interface LocalProberInit {
  engine?: ProbeEngine
  maxConcurrent?: number
}

export function localProber (init: LocalProberInit = {}): LocalProber {
  const engine = init.engine ?? new ProbeEngine()
  const maxConcurrent = init.maxConcurrent ?? DEFAULT_MAX_CONCURRENT_PROBES
  let active = 0
  return async (request: TraceRequest, signal: AbortSignal): Promise<{ trace?: MeasuredTrace, error?: PeerError }> => {
    if (active >= maxConcurrent) {
      return { error: { code: 'ERR_RATE_LIMITED', message: `rate limited: ${maxConcurrent} traces already running here` } }
    }
    active++
    try {
      const trace = await engine.trace(request.target, { ...request.probe }, signal)
      return { trace }
    } catch (err) {
      return { error: peerError(err) }
    } finally {
      active--
    }
  }
}

function peerError (err: unknown): PeerError {
  if (err instanceof EngineError) return { code: err.code, message: err.message }
  return { code: 'ERR_PROBE_FAILED', message: (err as Error)?.message ?? String(err) }
}
