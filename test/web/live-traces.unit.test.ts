// The hub of live web traces on its own: results kept up to the bound (the summary still counts them all), only
// the newest finished traces kept, a slot freed when a start fails, and a viewer's abort ending only its reading.

import assert from 'node:assert/strict'
import { LiveTraces, type LiveTrace } from '../../src/web/server/live-traces.js'
import type { TraceEvent } from '../../src/web/server/trace-feed.js'
import { FakeRunner, SAMPLE_SUMMARY, TARGET, sampleResults } from './fake-node.js'

const params = { target: TARGET, method: 'icmp' as const, timeoutMs: 1000 }

async function readAll (live: LiveTrace, signal = new AbortController().signal): Promise<TraceEvent[]> {
  const events: TraceEvent[] = []
  for await (const event of live.events(0, signal)) events.push(event)
  return events
}

/** Lets the hub's reading loop run to its end: it only awaits promises, which all settle before this. */
async function settled (): Promise<void> {
  await new Promise(resolve => { setImmediate(resolve) })
}

describe('live web traces', () => {
  it('keeps at most maxResultsPerTrace results for replay; the summary still counts them all', async () => {
    const runner = new FakeRunner()
    const hub = new LiveTraces(runner, { maxResultsPerTrace: 2 })
    const live = await hub.start(params)
    const trace = runner.last
    for (const result of sampleResults(trace.id)) trace.push(result)
    trace.end(SAMPLE_SUMMARY)
    const events = await readAll(live)
    assert.deepEqual(events.map(e => e.type), ['result', 'result', 'summary'])
    assert.deepEqual(events.at(-1), { type: 'summary', summary: { target: TARGET, ...SAMPLE_SUMMARY } })
    hub.close()
  })

  it('keeps only the newest maxFinished finished traces; running ones are never dropped', async () => {
    const runner = new FakeRunner()
    const hub = new LiveTraces(runner, { maxFinished: 1 })
    const [a, b, c] = [await hub.start(params), await hub.start(params), await hub.start(params)]
    runner.traces[0].end(SAMPLE_SUMMARY)
    runner.traces[1].end(SAMPLE_SUMMARY)
    await settled()
    assert.equal(hub.get(a.id), undefined)
    assert.equal(hub.get(b.id), b)
    assert.equal(hub.get(c.id), c)
    assert.equal(hub.running, 1)
    hub.close()
  })

  it('frees the slot of a start that fails, and refuses starts once closed', async () => {
    const runner = new FakeRunner()
    const hub = new LiveTraces(runner, { maxRunning: 1 })
    runner.failNext = new Error('no')
    await assert.rejects(hub.start(params), { message: 'no' })
    assert.equal(hub.running, 0)
    await hub.start(params)
    await assert.rejects(hub.start(params), { status: 429 })
    hub.close()
    assert.equal(runner.last.signal?.aborted, true)
    await assert.rejects(hub.start(params), { status: 503, message: 'the web server is stopping' })
  })

  it('a viewer\'s abort ends its reading at once; the trace goes on for the others', async () => {
    const runner = new FakeRunner()
    const hub = new LiveTraces(runner)
    const live = await hub.start(params)
    const trace = runner.last
    const [first, second] = sampleResults(trace.id)
    trace.push(first)
    const viewer = new AbortController()
    const seen: TraceEvent[] = []
    const reading = (async () => { for await (const event of live.events(0, viewer.signal)) seen.push(event) })()
    const other = readAll(live)
    await settled()
    viewer.abort()
    await reading
    assert.equal(seen.length, 1)
    trace.push(second)
    trace.end(SAMPLE_SUMMARY)
    assert.deepEqual((await other).map(e => e.type), ['result', 'result', 'summary'])
    assert.equal(trace.signal?.aborted, false)
    hub.close()
  })
})
