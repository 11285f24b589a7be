// Puts the native layer's times on the engine's clock. They are CLOCK_MONOTONIC milliseconds, the clock of
// process.hrtime(); performance.now() reads the same clock from another origin, so one offset joins them.

/** Readings of both clocks; the pair read closest together sets the offset (they agree to well under 1 µs). */
const CALIBRATION_READS = 5

let offset: number | undefined

/** The performance.now() time of a CLOCK_MONOTONIC time in ms. */
export function performanceTime (monotonicMs: number): number {
  offset ??= measureOffset()
  return monotonicMs + offset
}

function measureOffset (): number {
  let bracket = Infinity
  let best = 0
  for (let i = 0; i < CALIBRATION_READS; i++) {
    const before = monotonicNow()
    const now = performance.now()
    const after = monotonicNow()
    if (after - before < bracket) {
      bracket = after - before
      best = now - (before + after) / 2
    }
  }
  return best
}

/** CLOCK_MONOTONIC in ms: what the native layer's times are measured on. */
export function monotonicNow (): number {
  return Number(process.hrtime.bigint()) / 1e6
}
