// GET /api/history over real HTTP with a fake history: NDJSON of exactly the five HistoryEntry fields, newest
// first, the target filter and the limit passed through, bad queries refused with a one-line reason.

import assert from 'node:assert/strict'
import { DEFAULT_HISTORY_LIMIT, MAX_HISTORY_LIMIT } from '../../src/web/server/constants.js'
import { FakeHistory, TARGET, storedTrace } from './fake-node.js'
import { errorOf, request } from './http-client.js'
import { startFixture, type Fixture } from './server-fixture.js'

describe('web API: the history', () => {
  let fx: Fixture
  const traces = [
    storedTrace('1'.repeat(32), 1_700_000_001_000),
    { ...storedTrace('2'.repeat(32), 1_700_000_003_000), target: 'example.org' },
    storedTrace('3'.repeat(32), 1_700_000_002_000)
  ]
  before(async () => { fx = await startFixture({ history: new FakeHistory(traces) }) })
  after(async () => { await fx.server.close() })

  const listed = async (query: string): Promise<unknown[]> => {
    const reply = await request(fx.base, `/api/history${query}`)
    assert.equal(reply.status, 200, reply.body)
    assert.equal(reply.headers['content-type'], 'application/x-ndjson; charset=utf-8')
    return reply.body.split('\n').filter(line => line !== '').map(line => JSON.parse(line) as unknown)
  }

  it('lists newest first, one HistoryEntry per line, nothing more', async () => {
    assert.deepEqual(await listed(''), [
      { id: '2'.repeat(32), startedAt: 1_700_000_003_000, target: 'example.org', answered: 2, failed: 1 },
      { id: '3'.repeat(32), startedAt: 1_700_000_002_000, target: TARGET, answered: 2, failed: 1 },
      { id: '1'.repeat(32), startedAt: 1_700_000_001_000, target: TARGET, answered: 2, failed: 1 }
    ])
    assert.deepEqual(fx.history.queries.at(-1), { limit: DEFAULT_HISTORY_LIMIT })
  })

  it('passes the target filter and the limit through', async () => {
    assert.deepEqual((await listed(`?target=${TARGET}&limit=1`)).map(e => (e as { id: string }).id), ['3'.repeat(32)])
    assert.deepEqual(fx.history.queries.at(-1), { limit: 1, target: TARGET })
    assert.deepEqual(await listed('?target=nowhere.example'), [])
    assert.deepEqual(fx.history.queries.at(-1), { limit: DEFAULT_HISTORY_LIMIT, target: 'nowhere.example' })
    assert.equal((await listed(`?limit=${MAX_HISTORY_LIMIT}`)).length, 3)
  })

  it('refuses a bad limit, an unknown or repeated parameter, a bad target', async () => {
    const cases: Array<[string, string]> = [
      ['?limit=0', `limit must be an integer from 1 to ${MAX_HISTORY_LIMIT}`],
      ['?limit=-1', `limit must be an integer from 1 to ${MAX_HISTORY_LIMIT}`],
      ['?limit=abc', `limit must be an integer from 1 to ${MAX_HISTORY_LIMIT}`],
      ['?limit=1.5', `limit must be an integer from 1 to ${MAX_HISTORY_LIMIT}`],
      [`?limit=${MAX_HISTORY_LIMIT + 1}`, `limit must be an integer from 1 to ${MAX_HISTORY_LIMIT}`],
      ['?limit=', `limit must be an integer from 1 to ${MAX_HISTORY_LIMIT}`],
      ['?limit=1&limit=2', 'query parameter given twice: limit'],
      ['?order=asc', 'unknown query parameter: order'],
      ['?target=', 'target must be 1 to 253 characters'],
      [`?target=${'a'.repeat(254)}`, 'target must be 1 to 253 characters']
    ]
    const asked = fx.history.queries.length
    for (const [query, reason] of cases) {
      const reply = await request(fx.base, `/api/history${query}`)
      assert.equal(reply.status, 400, query)
      assert.equal(errorOf(reply), reason, query)
    }
    assert.equal(fx.history.queries.length, asked, 'the history was not asked')
    assert.equal((await listed('?limit=2')).length, 2)
  })
})
