// POST /api/traces over real HTTP with a fake node: every kind of bad input is refused with its status and exact
// one-line reason before the runner is called; a good request starts a trace with the CLI's defaults and bounds;
// no more than the cap run at once; the server keeps serving after all of it.

import assert from 'node:assert/strict'
import { MAX_BODY_BYTES, MAX_RUNNING_WEB_TRACES, MAX_TRACE_TIMEOUT_S } from '../../src/web/server/constants.js'
import { SAMPLE_SUMMARY } from './fake-node.js'
import { errorOf, postJson, request } from './http-client.js'
import { startFixture, type Fixture } from './server-fixture.js'

describe('web API: starting a trace', () => {
  let fx: Fixture
  beforeEach(async () => { fx = await startFixture() })
  afterEach(async () => { await fx.server.close() })

  const refused = async (body: unknown, status: number, reason: string, headers: Record<string, string> = {}): Promise<void> => {
    const reply = await postJson(fx.base, body, headers)
    assert.equal(reply.status, status, reply.body)
    assert.equal(reply.headers['content-type'], 'application/json; charset=utf-8')
    assert.deepEqual(JSON.parse(reply.body), { error: reason })
    assert.equal(reply.body.trimEnd().includes('\n'), false, 'one line')
    assert.equal(fx.runner.traces.length, 0, 'the runner was not called')
  }

  it('starts a trace: 201, its id, its Location; the CLI\'s defaults for what is left out', async () => {
    const reply = await postJson(fx.base, { target: 'example.org' })
    assert.equal(reply.status, 201, reply.body)
    const { id } = JSON.parse(reply.body) as { id: string }
    assert.equal(id, fx.runner.last.id)
    assert.equal(reply.headers.location, `/api/traces/${id}`)
    assert.deepEqual(fx.runner.last.params, { target: 'example.org', method: 'icmp', timeoutMs: 20_000, maxHops: 30, queries: 3 })

    const full = await postJson(fx.base, { target: '2001:db8::1', method: 'udp', timeout: MAX_TRACE_TIMEOUT_S, maxHops: 255, queries: 10, rounds: 64 })
    assert.equal(full.status, 201, full.body)
    assert.deepEqual(fx.runner.last.params, { target: '2001:db8::1', method: 'udp', timeoutMs: MAX_TRACE_TIMEOUT_S * 1000, maxHops: 255, queries: 10, rounds: 64 })
    const tcp = await postJson(fx.base, { target: '192.0.2.1', method: 'tcp', port: 443 })
    assert.equal(tcp.status, 201, tcp.body)
    assert.deepEqual(fx.runner.last.params, { target: '192.0.2.1', method: 'tcp', port: 443, timeoutMs: 20_000, maxHops: 30, queries: 3 })
    // Content-Type parameters are fine.
    const charset = await postJson(fx.base, { target: '192.0.2.1', timeout: 1, maxHops: 1, queries: 1 },
      { 'Content-Type': 'application/json; charset=utf-8' })
    assert.equal(charset.status, 201, charset.body)
  })

  it('refuses a body that is not a JSON object, or too big', async () => {
    await refused('target=x', 400, 'Content-Type must be application/json', { 'Content-Type': 'application/x-www-form-urlencoded' })
    await refused('{"target":"x"}', 400, 'Content-Type must be application/json', { 'Content-Type': 'text/plain' })
    await refused('{"target":', 400, 'the body is not valid JSON')
    await refused('', 400, 'the body is not valid JSON')
    await refused('[1,2]', 400, 'the body must be a JSON object')
    await refused('null', 400, 'the body must be a JSON object')
    await refused('"example.org"', 400, 'the body must be a JSON object')
    await refused(Buffer.from([0x7b, 0xff, 0x7d]), 400, 'the body is not UTF-8')
    const big = JSON.stringify({ target: 'x'.repeat(MAX_BODY_BYTES) })
    await refused(big, 413, `request body over ${MAX_BODY_BYTES} bytes`)
    // Without a Content-Length (chunked), the limit holds while reading.
    const chunked = await request(fx.base, '/api/traces', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
      body: big
    })
    assert.equal(chunked.status, 413)
    assert.equal(errorOf(chunked), `request body over ${MAX_BODY_BYTES} bytes`)
  })

  it('refuses each bad field with a reason that names it', async () => {
    const cases: Array<[unknown, string]> = [
      [{}, 'target must be a string'],
      [{ target: 42 }, 'target must be a string'],
      [{ target: '' }, 'target is empty'],
      [{ target: 'a'.repeat(254) }, 'target is longer than 253 characters'],
      [{ target: 'a b' }, 'target must be a host name or an IP address'],
      [{ target: 'x;reboot' }, 'target must be a host name or an IP address'],
      [{ target: '<script>' }, 'target must be a host name or an IP address'],
      [{ target: '[::1]' }, 'target must be a host name or an IP address'],
      [{ target: 'exämple.org' }, 'target must be a host name or an IP address'],
      [{ target: 'x', method: 'sctp' }, 'method must be one of: icmp, udp, tcp'],
      [{ target: 'x', method: null }, 'method must be one of: icmp, udp, tcp'],
      [{ target: 'x', method: 'ICMP' }, 'method must be one of: icmp, udp, tcp'],
      [{ target: 'x', timeout: 0 }, `timeout must be an integer from 1 to ${MAX_TRACE_TIMEOUT_S}`],
      [{ target: 'x', timeout: MAX_TRACE_TIMEOUT_S + 1 }, `timeout must be an integer from 1 to ${MAX_TRACE_TIMEOUT_S}`],
      [{ target: 'x', timeout: 1.5 }, `timeout must be an integer from 1 to ${MAX_TRACE_TIMEOUT_S}`],
      [{ target: 'x', timeout: '20' }, `timeout must be an integer from 1 to ${MAX_TRACE_TIMEOUT_S}`],
      [{ target: 'x', timeout: null }, `timeout must be an integer from 1 to ${MAX_TRACE_TIMEOUT_S}`],
      [{ target: 'x', port: 0 }, 'port must be an integer from 1 to 65535'],
      [{ target: 'x', port: 65536 }, 'port must be an integer from 1 to 65535'],
      [{ target: 'x', method: 'tcp', port: '80' }, 'port must be an integer from 1 to 65535'],
      [{ target: 'x', maxHops: 0 }, 'maxHops must be an integer from 1 to 255'],
      [{ target: 'x', maxHops: 256 }, 'maxHops must be an integer from 1 to 255'],
      [{ target: 'x', queries: 0 }, 'queries must be an integer from 1 to 10'],
      [{ target: 'x', queries: 11 }, 'queries must be an integer from 1 to 10'],
      [{ target: 'x', hops: 3 }, 'unknown field: hops'],
      [{ target: 'x', from: 3 }, 'from must be a string'],
      [{ target: 'x', from: ' , ' }, 'from: the selector names no vantage point'],
      [{ target: 'x', from: Array(17).fill('a').join(',') }, 'from: more than 16 selector terms'],
      [{ target: 'x', limit: 0 }, 'limit must be an integer from 1 to 100'],
      [{ target: 'x', rounds: 0 }, 'rounds must be an integer from 1 to 64'],
      [{ target: 'x', rounds: 65 }, 'rounds must be an integer from 1 to 64'],
      [{ target: 'x', limit: 101 }, 'limit must be an integer from 1 to 100'],
      // JSON.parse makes "__proto__" an own key: refused like any other, never merged into anything.
      ['{"target":"x","__proto__":{"polluted":true}}', 'unknown field: __proto__']
    ]
    for (const [body, reason] of cases) await refused(body, 400, reason)
  })

  it('passes from and limit to the runner as the CLI\'s --from and --limit', async () => {
    const reply = await postJson(fx.base, { target: 'example.org', from: ' DE, probe+AS3320 ', limit: 3 })
    assert.equal(reply.status, 201, reply.body)
    assert.deepEqual(fx.runner.last.params, { target: 'example.org', method: 'icmp', timeoutMs: 20_000, maxHops: 30, queries: 3, from: ['DE', 'probe+AS3320'], limit: 3 })
    const any = await postJson(fx.base, { target: 'example.org', limit: 1 })
    assert.equal(any.status, 201, any.body)
    assert.deepEqual(fx.runner.last.params, { target: 'example.org', method: 'icmp', timeoutMs: 20_000, maxHops: 30, queries: 3, limit: 1 })
  })

  it('says why the runner refused: its bad option is a 400, anything else a 500', async () => {
    fx.runner.failNext = Object.assign(new Error('no vantage point matches nowhere'), { code: 'ERR_NO_MATCH' })
    const none = await postJson(fx.base, { target: 'x', from: 'nowhere' })
    assert.equal(none.status, 422)
    assert.equal(errorOf(none), 'no vantage point matches nowhere')
    fx.runner.failNext = Object.assign(new Error('the target is not allowed'), { code: 'ERR_INVALID_OPTION' })
    const bad = await postJson(fx.base, { target: 'x' })
    assert.equal(bad.status, 400)
    assert.equal(errorOf(bad), 'the target is not allowed')
    fx.runner.failNext = Object.assign(new Error('flood service\nnot started'), { code: 'ERR_NOT_STARTED' })
    const broken = await postJson(fx.base, { target: 'x' })
    assert.equal(broken.status, 500)
    assert.equal(errorOf(broken), 'the trace could not start: ERR_NOT_STARTED: flood service not started')
  })

  it(`runs at most ${MAX_RUNNING_WEB_TRACES} traces at once (429 with a reason), and frees a slot when one ends`, async () => {
    const replies = await Promise.all(Array.from({ length: MAX_RUNNING_WEB_TRACES + 2 }, async (_, i) =>
      await postJson(fx.base, { target: `192.0.2.${i + 1}` })))
    assert.deepEqual(replies.map(r => r.status).sort(), [...Array(MAX_RUNNING_WEB_TRACES).fill(201), 429, 429])
    const busy = replies.find(r => r.status === 429)
    assert.ok(busy !== undefined)
    assert.equal(errorOf(busy), `${MAX_RUNNING_WEB_TRACES} traces started from the web are running already; try again when one has finished`)
    assert.equal(busy.headers['retry-after'], '5')
    assert.equal(fx.runner.traces.length, MAX_RUNNING_WEB_TRACES)

    // One ends: once its stream says so, the hub has released its slot.
    const first = fx.runner.traces[0]
    first.end(SAMPLE_SUMMARY)
    const done = await request(fx.base, `/api/traces/${first.id}`)
    assert.match(done.body, /"summary"/)
    assert.equal((await postJson(fx.base, { target: '192.0.2.99' })).status, 201)
  })
})
