// The native layer's CLOCK_MONOTONIC times put on performance.now(): a monotonic reading converts to a time
// between the performance.now() readings taken around it (both are the same clock, from different origins).

import assert from 'node:assert/strict'
import { clockCalibration, monotonicNow, performanceTime } from '../../src/engine/socket/kernel-time.js'

/** Rounding of the two clocks' offset, in ms: both are doubles in ms of nanosecond counts. */
const ROUNDING_MS = 1e-6

describe('engine: kernel times on the engine clock', function () {
  it('a monotonic reading lands between the performance.now() readings around it (within the calibration\'s error)', function () {
    // The offset is measured from reads that a busy machine can preempt: its own bracket says how well it is known.
    const margin = ROUNDING_MS + clockCalibration().uncertaintyMs
    for (let i = 0; i < 100; i++) {
      const before = performance.now()
      const converted = performanceTime(monotonicNow())
      const after = performance.now()
      assert.ok(converted >= before - margin && converted <= after + margin,
        `${before} <= ${converted} <= ${after} (margin ${margin} ms)`)
    }
  })

  it('the conversion is one offset: differences are kept exactly', function () {
    const difference = performanceTime(1_000_000.5) - performanceTime(1_000_000)
    assert.ok(Math.abs(difference - 0.5) <= ROUNDING_MS, String(difference))
  })
})
