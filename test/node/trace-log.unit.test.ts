// The node's log line per trace it is the entry of (src/node/service/trace-log.ts), on a manual clock: how the
// flood closed as the entry saw it, tallied like the history's summary, and reported beside the history recorder.

import assert from 'node:assert/strict'
import { bothRecorders, traceLogRecorder, type TraceLogEvent } from '../../src/node/service/trace-log.js'
import type { FloodRecorder, TraceRequest, VantageResult } from '../../src/overlay/types.js'
import { ManualClock } from '../time/manual-clock.js'

const request = { id: 'ab12', origin: 'client-peer', target: '198.18.0.9' } as unknown as TraceRequest
const result = (peer: string, error?: { code: string, message: string }): VantageResult =>
  ({ peer, name: `site-${peer}`, ...(error === undefined ? {} : { error }) }) as unknown as VantageResult

describe('traceLogRecorder', () => {
  it('reports id, origin, target, answered, failed and the duration when the flood ends', () => {
    const clock = new ManualClock()
    const events: TraceLogEvent[] = []
    const recorder = traceLogRecorder((event) => { events.push(event) }, clock)(request)
    recorder.result(result('a'))
    recorder.result(result('b', { code: 'ERR_POLICY', message: 'target refused' }))
    clock.advance(2345)
    assert.deepEqual(events, [])
    // c failed on one path but answered on another: not failed; d never answered: failed.
    recorder.result(result('c'))
    recorder.end([{ peer: 'c', reason: 'ERR_LINK_RESET: x' }, { peer: 'd', reason: 'ERR_CUT_OFF: y' }])
    assert.deepEqual(events, [{ id: 'ab12', origin: 'client-peer', target: '198.18.0.9', answered: 2, failed: 2, durationMs: 2345 }])
  })

  it('runs beside the history recorder: both see every result and the end', () => {
    const seen: string[] = []
    const tap = (tag: string) => (): FloodRecorder => ({
      result: (r) => { seen.push(`${tag} ${r.peer}`) },
      end: (failures) => { seen.push(`${tag} end ${failures.length}`) }
    })
    const both = bothRecorders(tap('history'), tap('log'))
    const recorder = both?.(request)
    recorder?.result(result('a'))
    recorder?.end([])
    assert.deepEqual(seen, ['history a', 'log a', 'history end 0', 'log end 0'])
    assert.equal(bothRecorders(undefined, undefined), undefined)
    const only = tap('log')
    assert.equal(bothRecorders(undefined, only), only)
  })

  it('a history recorder that fails (a full disk) leaves the log recorder its results and end', () => {
    const full = (): never => { const err = new Error('database or disk is full'); Object.assign(err, { code: 'SQLITE_FULL' }); throw err }
    const clock = new ManualClock()
    const events: TraceLogEvent[] = []
    // Failing to start: the log recorder alone goes on.
    const recorder = bothRecorders(full, traceLogRecorder((event) => { events.push(event) }, clock))?.(request)
    recorder?.result(result('a'))
    recorder?.end([])
    assert.deepEqual(events, [{ id: 'ab12', origin: 'client-peer', target: '198.18.0.9', answered: 1, failed: 0, durationMs: 0 }])
    // Failing later: the log recorder is still told, and the failure is rethrown for the flood to log.
    const failingLater = (): FloodRecorder => ({ result: full, end: full })
    const both = bothRecorders(failingLater, traceLogRecorder((event) => { events.push(event) }, clock))?.(request)
    assert.throws(() => both?.result(result('b')), /disk is full/)
    assert.throws(() => both?.end([]), /disk is full/)
    assert.deepEqual(events.at(-1), { id: 'ab12', origin: 'client-peer', target: '198.18.0.9', answered: 1, failed: 0, durationMs: 0 })
    assert.equal(events.length, 2)
  })
})
