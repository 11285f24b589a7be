// This peer's own measurement for a flood: the target resolved here, checked against this peer's target policy,
// then traced by the probe engine. Whatever goes wrong (refused target, bad name, no privilege, too busy) comes
// back as this peer's error, never as silence.

import { EngineError, ProbeEngine, resolveTarget } from '../../engine/index.js'
import type { LocalProber, MeasuredTrace, PeerError, TraceRequest } from '../../overlay/types.js'
import { fitRounds } from '../../protocol/fit-rounds.js'
import { Admission } from '../policy/admission.js'
import { TargetPolicy } from '../policy/target-policy.js'
import { DEFAULT_MAX_SERVED_WAIT_MS } from '../policy/constants.js'

export interface LocalProberInit {
  engine?: ProbeEngine
  policy?: TargetPolicy
  admission?: Admission
  /** The longest probe wait a request is given (ms); a request asking for more is probed with this. */
  maxWaitMs?: number
  /** Told of each request this peer refused to probe for (its target policy, the per-target budget): the node's log. */
  onRefused?: (request: TraceRequest, error: PeerError) => void
}

export function localProber (init: LocalProberInit = {}): LocalProber {
  const engine = init.engine ?? new ProbeEngine()
  const policy = init.policy ?? new TargetPolicy()
  const admission = init.admission ?? new Admission()
  const maxWaitMs = init.maxWaitMs ?? DEFAULT_MAX_SERVED_WAIT_MS
  const refuse = (request: TraceRequest, error: PeerError): { error: PeerError } => {
    init.onRefused?.(request, error)
    return { error }
  }
  return async (request: TraceRequest, signal: AbortSignal, stopInMs?: number): Promise<{ trace?: MeasuredTrace, error?: PeerError }> => {
    // One probe per flood: the flood service's maxConcurrentFloods bounds how many run at once.
    try {
      // Resolve once and probe that address, so the policy judges exactly what is probed.
      const { addr } = await resolveTarget(request.target)
      const verdict = policy.check(addr)
      if (!verdict.allowed) return refuse(request, { code: 'ERR_TARGET_POLICY', message: verdict.reason })
      const busy = admission.targetRefusal(addr)
      if (busy !== undefined) return refuse(request, { code: 'ERR_RATE_LIMITED', message: busy })
      // Probes are counted against the per-target budget as they are sent (the engine asks before each one), so
      // concurrent traces share it and none overdraws it; a trace that meets the limit ends with what it has. The
      // wait a request may ask for is capped to what a real path needs: it bounds how long a flood holds a slot.
      // The probe stop is the engine's deadline too: it plans its end before it (plannedBoundMs) where it can.
      const probe = {
        ...request.probe,
        waitMs: Math.min(request.probe.waitMs, maxWaitMs),
        ...(stopInMs === undefined ? {} : { deadlineMs: Math.max(1, stopInMs) })
      }
      // On abort (the flood's probe stop, just before this peer's cut-off) the engine resolves with the hops so far.
      const trace = await engine.trace(addr, probe, signal, admission.probeBudget(addr))
      // A result too large for one frame would be refused whole: the last rounds (if any) make room.
      const measured: MeasuredTrace = fitRounds({ ...trace, target: request.target })
      // An engine that does not say why it stopped: an aborted trace is a cut-off one.
      if (measured.stop === undefined && signal.aborted) measured.stop = 'deadline'
      return { trace: measured }
    } catch (err) {
      return { error: peerError(err) }
    }
  }
}

function peerError (err: unknown): PeerError {
  if (err instanceof EngineError) return { code: err.code, message: err.message }
  return { code: 'ERR_PROBE_FAILED', message: (err as Error)?.message ?? String(err) }
}
