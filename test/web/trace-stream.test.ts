// GET /api/traces/<id> over real HTTP with a fake node: a live trace replays what landed and streams on, as NDJSON
// (the very lines `peertrace trace -F json` prints) or as server-sent events; a finished one comes from the history;
// a viewer that leaves ends its stream, never the trace; closing the server ends every stream cleanly.

import assert from 'node:assert/strict'
import { summaryJson, vantageJson } from '../../src/format/ndjson.js'
import { MAX_OPEN_STREAMS } from '../../src/web/server/constants.js'
import { viewOf } from '../../src/web/server/trace-feed.js'
import { FakeHistory, SAMPLE_SUMMARY, TARGET, sampleResults, storedTrace, type FakeTrace } from './fake-node.js'
import { errorOf, postJson, request, stream } from './http-client.js'
import { startFixture, type Fixture } from './server-fixture.js'

const SSE = { Accept: 'text/event-stream' }

interface SseMessage { id?: string, event?: string, data?: string }

/** The messages of an SSE body (comments and the retry field left out). */
function parseSse (text: string): SseMessage[] {
  return text.split('\n\n').filter(block => block.trim() !== '').flatMap(block => {
    const message: SseMessage = {}
    for (const line of block.split('\n')) {
      const [, field, value] = /^([a-z]+): ?(.*)$/.exec(line) ?? []
      if (field === 'id' || field === 'event' || field === 'data') message[field] = value
    }
    return message.event === undefined ? [] : [message]
  })
}

describe('web API: following a trace', () => {
  let fx: Fixture
  const stored = storedTrace('d'.repeat(32), 1_700_000_000_000)
  beforeEach(async () => { fx = await startFixture({ history: new FakeHistory([stored]) }) })
  afterEach(async () => { await fx.server.close() })

  const startLive = async (): Promise<FakeTrace> => {
    const reply = await postJson(fx.base, { target: TARGET })
    assert.equal(reply.status, 201, reply.body)
    return fx.runner.last
  }
  const expectedLines = (trace: FakeTrace): string[] => [
    ...sampleResults(trace.id).map(r => vantageJson(viewOf(r))),
    summaryJson({ target: TARGET, ...SAMPLE_SUMMARY })
  ]

  it('NDJSON: replays what landed, streams the rest as it lands, ends after the summary', async () => {
    const trace = await startLive()
    const [a, b, c] = sampleResults(trace.id)
    trace.push(a)
    const reader = await stream(fx.base, `/api/traces/${trace.id}`)
    assert.equal(reader.res.headers['content-type'], 'application/x-ndjson; charset=utf-8')
    await reader.until('the replayed result', text => text.split('\n').length === 2)
    trace.push(b)
    await reader.until('the second result', text => text.split('\n').length === 3)
    trace.push(c)
    trace.end(SAMPLE_SUMMARY)
    const lines = (await reader.end()).trimEnd().split('\n')
    assert.deepEqual(lines, expectedLines(trace))
    // Nothing of the wire form leaks: no signature, no request id.
    assert.doesNotMatch(lines.join('\n'), /signature|requestId/)
    // Read again once it is over: the same lines.
    assert.deepEqual((await request(fx.base, `/api/traces/${trace.id}`)).body.trimEnd().split('\n'), expectedLines(trace))
  })

  it('SSE: `result` events then one `summary`, data as the NDJSON lines, ids to resume from', async () => {
    const trace = await startLive()
    const reader = await stream(fx.base, `/api/traces/${trace.id}`, SSE)
    assert.equal(reader.res.headers['content-type'], 'text/event-stream; charset=utf-8')
    assert.equal(reader.res.headers['cache-control'], 'no-store')
    await reader.until('the retry field', text => text.startsWith('retry: 2000\n\n'))
    for (const result of sampleResults(trace.id)) trace.push(result)
    trace.end(SAMPLE_SUMMARY)
    const messages = parseSse(await reader.end())
    assert.deepEqual(messages.map(m => m.event), ['result', 'result', 'result', 'summary'])
    assert.deepEqual(messages.map(m => m.id), ['0', '1', '2', '3'])
    assert.deepEqual(messages.map(m => m.data), expectedLines(trace))

    // A reconnecting EventSource sends the last id it saw and gets only what came after.
    const resumed = parseSse((await request(fx.base, `/api/traces/${trace.id}`, { headers: { ...SSE, 'Last-Event-ID': '1' } })).body)
    assert.deepEqual(resumed.map(m => m.id), ['2', '3'])
    assert.deepEqual(resumed.map(m => m.data), expectedLines(trace).slice(2))
  })

  it('a finished trace is read from the history, in both forms, with its map', async () => {
    const lines = expectedLines({ id: stored.id } as FakeTrace)
    const ndjson = await request(fx.base, `/api/traces/${stored.id}`)
    assert.equal(ndjson.status, 200)
    assert.deepEqual(ndjson.body.trimEnd().split('\n'), lines)
    const sse = parseSse((await request(fx.base, `/api/traces/${stored.id}`, { headers: SSE })).body)
    assert.deepEqual(sse.map(m => m.data), lines)
    assert.deepEqual(sse.map(m => m.event), ['result', 'result', 'result', 'summary'])

    const map = await request(fx.base, `/api/traces/${stored.id}/map.svg`)
    assert.equal(map.status, 200)
    assert.equal(map.headers['content-type'], 'image/svg+xml; charset=utf-8')
    for (const label of ['alpha', 'beta', '1 failed: gamma (policy)', '198.18.1.1', '198.18.3.1', '198.18.4.1 !H', TARGET]) {
      assert.ok(map.body.includes(`>${label}</text>`), label)
    }
    // Full ids only: a prefix names no trace here (the CLI's `show` takes prefixes).
    assert.equal((await request(fx.base, `/api/traces/${stored.id.slice(0, 8)}`)).status, 404)
  })

  it('a viewer that leaves ends its own stream; the trace runs on and others see all of it', async () => {
    const trace = await startLive()
    const [a, b, c] = sampleResults(trace.id)
    trace.push(a)
    const leaver = await stream(fx.base, `/api/traces/${trace.id}`, SSE)
    await leaver.until('the first result', text => text.includes('event: result'))
    const stayer = await stream(fx.base, `/api/traces/${trace.id}`)
    leaver.abandon()
    trace.push(b)
    await stayer.until('the second result', text => text.split('\n').length === 3)
    assert.equal(trace.signal?.aborted, false, 'the trace was not stopped')
    trace.push(c)
    trace.end(SAMPLE_SUMMARY)
    assert.deepEqual((await stayer.end()).trimEnd().split('\n'), expectedLines(trace))
  })

  it('a trace whose events end with no summary still ends its streams, with what its results add up to', async () => {
    const trace = await startLive()
    const [a, , c] = sampleResults(trace.id)
    trace.push(a)
    trace.push(c)
    const reader = await stream(fx.base, `/api/traces/${trace.id}`)
    trace.finish()
    const lines = (await reader.end()).trimEnd().split('\n')
    assert.equal(lines.length, 3)
    const { summary } = JSON.parse(lines[2]) as { summary: { target: string, answered: number, failed: unknown[] } }
    assert.equal(summary.target, TARGET)
    assert.equal(summary.answered, 1)
    assert.deepEqual(summary.failed, [{ peer: 'peerC', name: 'gamma', reason: 'ERR_POLICY: target not allowed here' }])
  })

  it('close() ends open streams cleanly and stops the running traces', async () => {
    const trace = await startLive()
    trace.push(sampleResults(trace.id)[0])
    const ndjson = await stream(fx.base, `/api/traces/${trace.id}`)
    const sse = await stream(fx.base, `/api/traces/${trace.id}`, SSE)
    await ndjson.until('the result', text => text.includes('"alpha"'))
    await sse.until('the result', text => text.includes('"alpha"'))
    await fx.server.close()
    // Complete responses (the chunked encoding's last chunk arrived), not cut connections.
    assert.ok((await ndjson.end()).includes('"alpha"'))
    await sse.end()
    assert.equal(ndjson.res.complete, true)
    assert.equal(sse.res.complete, true)
    assert.equal(trace.signal?.aborted, true)
  })

  it(`holds at most ${MAX_OPEN_STREAMS} streams open (503 with a reason), and takes new ones when they end`, async () => {
    const trace = await startLive()
    const readers = await Promise.all(Array.from({ length: MAX_OPEN_STREAMS }, async () => await stream(fx.base, `/api/traces/${trace.id}`)))
    const refused = await request(fx.base, `/api/traces/${trace.id}`, { headers: SSE })
    assert.equal(refused.status, 503)
    assert.equal(errorOf(refused), `${MAX_OPEN_STREAMS} event streams are open already; close one and retry`)
    trace.end(SAMPLE_SUMMARY)
    await Promise.all(readers.map(async reader => await reader.end()))
    assert.equal((await request(fx.base, `/api/traces/${trace.id}`)).status, 200)
  })

  it('404 for an id no one knows; a broken history is a 500 with one line, and the server serves on', async () => {
    const unknown = await request(fx.base, `/api/traces/${'e'.repeat(32)}`, { headers: SSE })
    assert.equal(unknown.status, 404)
    assert.equal(errorOf(unknown), `no trace ${'e'.repeat(32)}`)
    fx.history.broken = new Error('database is locked\nat line 2')
    const broken = await request(fx.base, `/api/traces/${stored.id}`)
    assert.equal(broken.status, 500)
    assert.equal(errorOf(broken), 'internal error: database is locked at line 2')
    fx.history.broken = undefined
    assert.equal((await request(fx.base, `/api/traces/${stored.id}`)).status, 200)
  })
})
