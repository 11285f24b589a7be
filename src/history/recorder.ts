// Turns the flood's entry-peer hook into history records: the request when it is accepted, each result as it is
// sent to the requester, and at the end the same summary the requester computes (its duration measured here until
// the requester reports its own).

import type { TraceRequest } from '../model/index.js'
import type { FloodRecorder } from '../overlay/types.js'
import { SummaryTally } from '../overlay/summary.js'
import { systemClock, type Clock } from '../time/clock.js'
import type { HistoryStore } from './store.js'

/**
 * `clock` gives the start time stored and the duration measured here (the store's own clock for its records).
 * `sameHost`: the requester connected from this node's own host, so the trace is the operator's (store.begin).
 */
export function historyRecorder (store: HistoryStore, clock: Clock = systemClock): (request: TraceRequest, sameHost?: boolean) => FloodRecorder {
  return (request, sameHost = false) => {
    const startedAt = clock.now()
    const started = clock.monotonic()
    store.begin(request, startedAt, sameHost)
    const tally = new SummaryTally()
    const vantages = new Set<string>()
    let seq = 0
    return {
      result: (result) => {
        vantages.add(result.peer)
        tally.add(result)
        store.addResult(request.id, seq++, result)
      },
      end: (failures) => {
        store.finish(request.id, {
          target: request.target,
          answered: tally.answered,
          failed: tally.failed(failures, (peer) => vantages.has(peer)),
          unverified: 0,
          durationMs: Math.round(clock.monotonic() - started)
        })
      }
    }
  }
}
