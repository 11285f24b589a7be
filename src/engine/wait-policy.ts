// How long the driver waits, derived from the RTTs the trace has measured: robust statistics (medians, the lowest
// of them), so one sample inflated by a busy event loop cannot stretch every wait of the trace.

export interface WaitFactors {
  /** Multiple of the nearest later hop's RTT that a silent hop is given. */
  near: number
  /** Multiple of a hop's own RTT that its follow-up probes are given. */
  here: number
  floorMs: number
  capMs: number
}

/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median (values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

function clamp (value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value))
}

/**
 * The wait for a hop that has not answered while later hops have: NEAR times the smallest median RTT among those
 * later hops (a silent router answers, if at all, no later than the hops behind it), within [floor, cap].
 */
export function nearWait (laterMedians: readonly number[], f: WaitFactors, capMs = f.capMs): number {
  if (laterMedians.length === 0) return capMs
  return clamp(f.near * Math.min(...laterMedians), f.floorMs, capMs)
}

/** The wait for a hop's follow-ups: HERE times its own median RTT, within [floor, cap]. */
export function hereWait (ownRtts: readonly number[], f: WaitFactors, floorMs = f.floorMs): number {
  if (ownRtts.length === 0) return f.capMs
  return clamp(f.here * median(ownRtts), floorMs, f.capMs)
}
