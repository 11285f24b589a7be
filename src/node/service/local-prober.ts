// This peer's own measurement for a flood: the target resolved here, checked against this peer's target policy,
// then traced by the probe engine. Whatever goes wrong (refused target, bad name, no privilege, too busy) comes
// back as this peer's error, never as silence.

import { EngineError, ProbeEngine, resolveTarget } from '../../engine/index.js'
import type { LocalProber, MeasuredTrace, PeerError, TraceRequest } from '../../overlay/types.js'
import { Admission } from '../policy/admission.js'
import { TargetPolicy } from '../policy/target-policy.js'

export interface LocalProberInit {
  engine?: ProbeEngine
  policy?: TargetPolicy
  admission?: Admission
}

export function localProber (init: LocalProberInit = {}): LocalProber {
  const engine = init.engine ?? new ProbeEngine()
  const policy = init.policy ?? new TargetPolicy()
  const admission = init.admission ?? new Admission()
  return async (request: TraceRequest, signal: AbortSignal): Promise<{ trace?: MeasuredTrace, error?: PeerError }> => {
    // One probe per flood: the flood service's maxConcurrentFloods bounds how many run at once.
    try {
      // Resolve once and probe that address, so the policy judges exactly what is probed.
      const { addr } = await resolveTarget(request.target)
      const verdict = policy.check(addr)
      if (!verdict.allowed) return { error: { code: 'ERR_TARGET_POLICY', message: verdict.reason } }
      const busy = admission.targetRefusal(addr)
      if (busy !== undefined) return { error: { code: 'ERR_RATE_LIMITED', message: busy } }
      // Reserve the most this trace may plausibly send, so concurrent traces cannot all pass the check at once;
      // settle to what it really sent afterwards.
      const reserved = request.probe.maxHops * (request.probe.queries + 1)
      admission.countProbes(addr, reserved)
      let sent = 0
      try {
        // On abort (the flood's probe stop, just before this peer's cut-off) the engine resolves with the hops so far.
        const trace = await engine.trace(addr, { ...request.probe }, signal)
        sent = trace.probesSent
        const measured: MeasuredTrace = { ...trace, target: request.target }
        // An engine that does not say why it stopped: an aborted trace is a cut-off one.
        if (measured.stop === undefined && signal.aborted) measured.stop = 'deadline'
        return { trace: measured }
      } finally {
        admission.countProbes(addr, sent - reserved)
      }
    } catch (err) {
      return { error: peerError(err) }
    }
  }
}

function peerError (err: unknown): PeerError {
  if (err instanceof EngineError) return { code: err.code, message: err.message }
  return { code: 'ERR_PROBE_FAILED', message: (err as Error)?.message ?? String(err) }
}
