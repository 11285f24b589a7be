// Puts the native layer's times on the engine's clock. They are CLOCK_MONOTONIC milliseconds, the clock of
// process.hrtime(); performance.now() reads the same clock from another origin, so one offset joins them.

/** Readings of both clocks; the pair read closest together sets the offset (unpreempted, they agree to well under 1 µs). */
const CALIBRATION_READS = 20

/** The offset between the clocks, and how far it can be off: half the closest pair's bracket. */
interface Calibration {
  offsetMs: number
  uncertaintyMs: number
}

let calibration: Calibration | undefined

/** The performance.now() time of a CLOCK_MONOTONIC time in ms. */
export function performanceTime (monotonicMs: number): number {
  return monotonicMs + clockCalibration().offsetMs
}

/** The calibration every conversion uses (measured once, at the first use). */
export function clockCalibration (): Calibration {
  calibration ??= measureOffset()
  return calibration
}

function measureOffset (): Calibration {
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
  // A thread preempted between the reads widens the bracket: the offset is then known less well, and says so.
  return { offsetMs: best, uncertaintyMs: bracket / 2 }
}

/** CLOCK_MONOTONIC in ms: what the native layer's times are measured on. */
export function monotonicNow (): number {
  return Number(process.hrtime.bigint()) / 1e6
}
