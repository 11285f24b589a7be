// GET /api/peers over real HTTP: the node's directory as `peertrace peers --json` prints it, fresh on every call.

import assert from 'node:assert/strict'
import type { VantageDescription } from '../../src/model/vantage-description.js'
import { request } from './http-client.js'
import { startFixture, type Fixture } from './server-fixture.js'

const described = (name: string, tags: string[], extra: Partial<VantageDescription> = {}): VantageDescription => ({
  peer: `12D3KooW${name}`, name, tags, families: ['ipv4'], version: '0.1.0', timestamp: 1_700_000_000_000, signature: new Uint8Array([1]), ...extra
})

describe('web API: the vantage points', () => {
  let fx: Fixture
  const directory: VantageDescription[] = [described('self', ['probe'], { country: 'DE', city: 'Berlin', asn: 3320 })]
  before(async () => { fx = await startFixture({ peers: () => directory }) })
  after(async () => { await fx.server.close() })

  it('lists every known vantage point with its labels, families and last seen, and follows the directory', async () => {
    const first = await request(fx.base, '/api/peers')
    assert.equal(first.status, 200, first.body)
    assert.equal(first.headers['content-type'], 'application/json; charset=utf-8')
    assert.deepEqual(JSON.parse(first.body), [{
      peer: '12D3KooWself', name: 'self', tags: ['probe'], country: 'DE', city: 'Berlin', asn: 3320, families: ['ipv4'], version: '0.1.0', lastSeen: 1_700_000_000_000
    }])
    directory.push(described('other', []))
    const second = await request(fx.base, '/api/peers')
    assert.deepEqual((JSON.parse(second.body) as Array<{ name: string }>).map(p => p.name), ['self', 'other'])
  })
})
