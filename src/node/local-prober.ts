// This peer's own measurement for a flood: the target resolved here, checked against this peer's target policy,
// then traced by the probe engine. Whatever goes wrong (refused target, bad name, no privilege, too busy) comes
// back as this peer's error, never as silence.

import { EngineError, ProbeEngine, resolveTarget } from '../engine/index.js'
import type { LocalProber, MeasuredTrace, PeerError, TraceRequest } from '../overlay/types.js'
import { TargetPolicy } from './policy/target-policy.js'

export const DEFAULT_MAX_CONCURRENT_PROBES = 32

export interface LocalProberInit {
  engine?: ProbeEngine
  policy?: TargetPolicy
  maxConcurrent?: number
}

export function localProber (init: LocalProberInit = {}): LocalProber {
  const engine = init.engine ?? new ProbeEngine()
  const policy = init.policy ?? new TargetPolicy()
  const maxConcurrent = init.maxConcurrent ?? DEFAULT_MAX_CONCURRENT_PROBES
  let active = 0
  return async (request: TraceRequest, signal: AbortSignal): Promise<{ trace?: MeasuredTrace, error?: PeerError }> => {
    if (active >= maxConcurrent) {
      return { error: { code: 'ERR_RATE_LIMITED', message: `rate limited: ${maxConcurrent} traces already running here` } }
    }
    active++
    try {
      // Resolve once and probe that address, so the policy judges exactly what is probed.
      const { addr } = await resolveTarget(request.target)
      const verdict = policy.check(addr)
      if (!verdict.allowed) return { error: { code: 'ERR_TARGET_POLICY', message: verdict.reason } }
      const trace = await engine.trace(addr, { ...request.probe }, signal)
      return { trace: { ...trace, target: request.target } }
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
