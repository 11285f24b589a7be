// The bound within which a trace must end by itself. The new engine exports traceBoundMs(options); until it does,
// the contract's stand-in (waitMs*4 + 5 s) applies. The switch happens by itself when the export appears.

import * as engine from '../../src/engine/index.js'
import { traceOptions } from '../../src/engine/index.js'
import type { TraceOptions } from '../../src/engine/index.js'

/** The stand-in bound: four full waits and five seconds. */
const STAND_IN_WAITS = 4
const STAND_IN_SLACK_MS = 5_000

type BoundFunction = (options: Partial<TraceOptions>) => number

export function traceBound (options: Partial<TraceOptions>): number {
  const exported = (engine as unknown as { traceBoundMs?: BoundFunction }).traceBoundMs
  if (typeof exported === 'function') return exported(options)
  return traceOptions(options).waitMs * STAND_IN_WAITS + STAND_IN_SLACK_MS
}

/** Says which bound is in force, for the test's title. */
export function boundSource (): string {
  return typeof (engine as unknown as { traceBoundMs?: unknown }).traceBoundMs === 'function'
    ? 'traceBoundMs() of the engine'
    : `the stand-in waitMs*${STAND_IN_WAITS}+${STAND_IN_SLACK_MS} ms`
}
