// GET /api/traces/<id>/info over real HTTP with a fake node: what a trace asked for and when it started, for a trace
// started from the web (while it runs and after) and for one read from the history; an unknown id is a 404.

import assert from 'node:assert/strict'
import { MANUAL_CLOCK_START } from '../time/manual-clock.js'
import { FakeHistory, SAMPLE_SUMMARY, storedTrace } from './fake-node.js'
import { errorOf, postJson, request } from './http-client.js'
import { startFixture, type Fixture } from './server-fixture.js'

describe('web API: a trace\'s start time and parameters', () => {
  let fx: Fixture
  const plain = storedTrace('d'.repeat(32), 1_700_000_123_456)
  const selected = storedTrace('e'.repeat(32), 1_700_000_200_000)
  selected.request = { ...selected.request, probe: { ...selected.request.probe, method: 'udp', maxHops: 12, queries: 1, rounds: 3 }, selector: { terms: ['DE', 'probe+AS3320'], limit: 2, chosen: ['peerA', 'peerB'] } }
  const limitOnly = storedTrace('f'.repeat(32), 1_700_000_300_000)
  limitOnly.request = { ...limitOnly.request, selector: { terms: [], limit: 5 } }

  before(async () => { fx = await startFixture({ history: new FakeHistory([plain, selected, limitOnly]) }) })
  after(async () => { await fx.server.close() })

  const infoOf = async (id: string): Promise<unknown> => {
    const reply = await request(fx.base, `/api/traces/${id}/info`)
    assert.equal(reply.status, 200, reply.body)
    assert.equal(reply.headers['content-type'], 'application/json; charset=utf-8')
    assert.equal(reply.headers['cache-control'], 'no-store')
    return JSON.parse(reply.body)
  }

  it('a web trace: its id, target, start time and every option, the defaults for what the body left out', async () => {
    assert.equal((await postJson(fx.base, { target: '198.18.9.2' })).status, 201)
    const first = fx.runner.last
    assert.deepEqual(await infoOf(first.id), {
      id: first.id, target: '198.18.9.2', startedAt: MANUAL_CLOCK_START, method: 'icmp', maxHops: 30, queries: 3
    })
    const body = { target: 'example.org', method: 'udp', maxHops: 7, queries: 2, rounds: 5, from: 'DE, probe+AS3320', limit: 4 }
    assert.equal((await postJson(fx.base, body)).status, 201)
    const second = fx.runner.last
    const expected = {
      id: second.id, target: 'example.org', startedAt: MANUAL_CLOCK_START, method: 'udp', maxHops: 7, queries: 2, rounds: 5, from: ['DE', 'probe+AS3320'], limit: 4
    }
    assert.deepEqual(await infoOf(second.id), expected)
    assert.equal((await postJson(fx.base, { target: 'example.org', method: 'tcp', port: 443 })).status, 201)
    const third = fx.runner.last
    assert.deepEqual(await infoOf(third.id), {
      id: third.id, target: 'example.org', startedAt: MANUAL_CLOCK_START, method: 'tcp', port: 443, maxHops: 30, queries: 3
    })
    third.end(SAMPLE_SUMMARY)
    // The same after it ended (still held in memory).
    second.end(SAMPLE_SUMMARY)
    first.end(SAMPLE_SUMMARY)
    assert.deepEqual(await infoOf(second.id), expected)
  })

  it('a trace from the history: what its signed request asked for', async () => {
    assert.deepEqual(await infoOf(plain.id), {
      id: plain.id, target: plain.target, startedAt: 1_700_000_123_456, method: 'icmp', maxHops: 30, queries: 3
    })
    assert.deepEqual(await infoOf(selected.id), {
      id: selected.id, target: selected.target, startedAt: 1_700_000_200_000, method: 'udp', maxHops: 12, queries: 1, rounds: 3, from: ['DE', 'probe+AS3320'], limit: 2
    })
    // `--limit K` alone: no terms to show.
    assert.deepEqual(await infoOf(limitOnly.id), {
      id: limitOnly.id, target: limitOnly.target, startedAt: 1_700_000_300_000, method: 'icmp', maxHops: 30, queries: 3, limit: 5
    })
  })

  it('an unknown id is a 404, another method a 405', async () => {
    const unknown = await request(fx.base, `/api/traces/${'0'.repeat(32)}/info`)
    assert.equal(unknown.status, 404)
    assert.equal(errorOf(unknown), `no trace ${'0'.repeat(32)}`)
    const post = await request(fx.base, `/api/traces/${plain.id}/info`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })
    assert.equal(post.status, 405)
    assert.equal(errorOf(post), 'POST is not allowed here (allowed: GET)')
  })
})
