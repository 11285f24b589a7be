// The node's own line per trace it is the entry of: which request, from whom, to what, and how it closed as this
// node saw it (answered, failed, how long). The same tally as the history's (overlay/summary.ts), so the log line
// and the stored trace agree; it works with the history off as well.

import { logger } from '@libp2p/logger'
import { SummaryTally } from '../../overlay/summary.js'
import type { FloodRecorder, TraceRequest } from '../../overlay/types.js'
import type { Clock } from '../../time/clock.js'

const log = logger('peertrace:trace-log')

export interface TraceLogEvent {
  id: string
  origin: string
  target: string
  answered: number
  failed: number
  durationMs: number
}

/** A recorder per flood that reports the flood's close to `onTrace`. */
export function traceLogRecorder (onTrace: (event: TraceLogEvent) => void, clock: Clock): (request: TraceRequest) => FloodRecorder {
  return (request) => {
    const started = clock.monotonic()
    const tally = new SummaryTally()
    const vantages = new Set<string>()
    return {
      result: (result) => {
        vantages.add(result.peer)
        tally.add(result)
      },
      end: (failures) => {
        onTrace({
          id: request.id,
          origin: request.origin,
          target: request.target,
          answered: tally.answered,
          failed: tally.failed(failures, (peer) => vantages.has(peer)).length,
          durationMs: Math.round(clock.monotonic() - started)
        })
      }
    }
  }
}

/**
 * Both recorders of a flood (the history's and the log's), either optional; what else they are told goes to both.
 * One that fails (the history on a full disk: SQLITE_FULL) does not silence the other: the node still logs its line
 * for the trace. A failure to start one is logged here; a later failure is rethrown once both were told.
 */
export function bothRecorders<A extends unknown[]> (
  a: ((request: TraceRequest, ...more: A) => FloodRecorder | undefined) | undefined,
  b: ((request: TraceRequest, ...more: A) => FloodRecorder | undefined) | undefined
): ((request: TraceRequest, ...more: A) => FloodRecorder | undefined) | undefined {
  if (a === undefined) return b
  if (b === undefined) return a
  return (request, ...more) => {
    const recorders = [a, b].flatMap((make) => {
      try {
        return [make(request, ...more)].filter((r): r is FloodRecorder => r !== undefined)
      } catch (err) {
        log.error('could not record flood %s: %s', request.id, (err as Error).message)
        return []
      }
    })
    if (recorders.length < 2) return recorders[0]
    const each = (tell: (recorder: FloodRecorder) => void): void => {
      const failures = recorders.flatMap((recorder) => {
        try {
          tell(recorder)
          return []
        } catch (err) {
          return [err]
        }
      })
      if (failures.length > 0) throw failures[0]
    }
    return {
      result: (result) => { each((recorder) => { recorder.result(result) }) },
      end: (failures) => { each((recorder) => { recorder.end(failures) }) }
    }
  }
}
