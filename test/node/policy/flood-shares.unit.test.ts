// Fair shares of a peer's flood slots: exact counts per origin, client, neighbour and address (clients' and
// neighbours' apart), all clients but the operator together, released under the keys they were taken under; loopback
// sources not grouped by address; IPv4-mapped IPv6 grouped with its IPv4.

import assert from 'node:assert/strict'
import { FloodShares, type FloodHolders } from '../../../src/node/policy/flood-shares.js'

const SLOTS = 32

/** Takes floods for `holders` until one is refused; the number taken and the refusal. */
function fill (shares: FloodShares, holders: (i: number) => FloodHolders, prefix: string): { taken: number, refusal?: string } {
  for (let i = 0; i < 4 * SLOTS; i++) {
    const refusal = shares.refusal(holders(i))
    if (refusal !== undefined) return { taken: i, refusal }
    shares.take(`${prefix}-${i}`, holders(i))
  }
  return { taken: 4 * SLOTS }
}

describe('flood shares', () => {
  it('gives one origin an eighth, one client a quarter, one neighbour half, one address\'s clients a quarter and its neighbours half', () => {
    const shares = new FloodShares({ slots: SLOTS })
    assert.deepEqual([shares.perOrigin, shares.perClient, shares.perNeighbour, shares.perAddress, shares.allClients], [4, 8, 16, 8, 12])
    assert.deepEqual(fill(shares, () => ({ origin: 'o', neighbour: 'n0', client: false }), 'a'),
      { taken: 4, refusal: 'busy: 4 floods from this origin running here' })
    assert.deepEqual(fill(new FloodShares({ slots: SLOTS }), (i) => ({ origin: `o${i}`, neighbour: 'c', client: true }), 'b'),
      { taken: 8, refusal: 'busy: 8 floods through c running here' })
    assert.deepEqual(fill(new FloodShares({ slots: SLOTS }), (i) => ({ origin: `o${i}`, neighbour: 'n', client: false }), 'c'),
      { taken: 16, refusal: 'busy: 16 floods through n running here' })
    assert.deepEqual(fill(new FloodShares({ slots: SLOTS }), (i) => ({ origin: `o${i}`, neighbour: `c${i}`, client: true, address: '192.0.2.1' }), 'd'),
      { taken: 8, refusal: 'busy: 8 floods from 192.0.2.1 running here' })
    assert.deepEqual(fill(new FloodShares({ slots: SLOTS }), (i) => ({ origin: `o${i}`, neighbour: `n${i}`, client: false, address: '192.0.2.1' }), 'e'),
      { taken: 16, refusal: 'busy: 16 floods from 192.0.2.1 running here' })
  })

  it('keeps a neighbour\'s share less an eighth for all clients together, and the rest for the operator', () => {
    const shares = new FloodShares({ slots: SLOTS })
    // Clients of three hosts: 8 from the first, 4 from the second, then the clients' bound (12 = 16 - 4).
    assert.deepEqual(fill(shares, (i) => ({ origin: `o${i}`, neighbour: `c${i}`, client: true, address: i < 8 ? '192.0.2.1' : `192.0.2.${i}` }), 'f'),
      { taken: 12, refusal: 'busy: 12 floods from clients running here (the rest is kept for its operator)' })
    // The operator's client (on the full address here) is held outside that bound and the address's share: its own.
    assert.deepEqual(fill(shares, (i) => ({ origin: `p${i}`, neighbour: 'op', client: true, operator: true, address: '192.0.2.1' }), 'g'),
      { taken: 8, refusal: 'busy: 8 floods through op running here' })
    // Neighbours are no clients: a neighbour from the clients' address still holds its share.
    assert.equal(shares.refusal({ origin: 'q', neighbour: 'n', client: false, address: '192.0.2.1' }), undefined)
    shares.release('f-0')
    assert.equal(shares.refusal({ origin: 'r', neighbour: 'c', client: true, address: '192.0.2.1' }), undefined)
  })

  it('groups ::ffff:a.b.c.d with a.b.c.d, never loopback; a release frees the slot it took', () => {
    const shares = new FloodShares({ slots: SLOTS })
    const mapped = fill(shares, (i) => ({ origin: `o${i}`, neighbour: `n${i}`, client: false, address: i % 2 === 0 ? '192.0.2.1' : '::ffff:192.0.2.1' }), 'm')
    assert.equal(mapped.taken, 16)
    assert.equal(fill(new FloodShares({ slots: SLOTS }), (i) => ({ origin: `o${i}`, neighbour: `n${i}`, client: false, address: '127.0.0.1' }), 'l').taken, 4 * SLOTS)
    shares.release('m-0')
    shares.release('m-0')
    assert.equal(shares.refusal({ origin: 'x', neighbour: 'y', client: false, address: '192.0.2.1' }), undefined)
    shares.take('again', { origin: 'x', neighbour: 'y', client: false, address: '192.0.2.1' })
    assert.match(shares.refusal({ origin: 'z', neighbour: 'w', client: false, address: '192.0.2.1' }) ?? '', /^busy: 16 floods from 192\.0\.2\.1/)
  })

  it('takes the operator\'s per-requester figure for origins and clients', () => {
    const shares = new FloodShares({ slots: 128, perRequester: 64 })
    assert.deepEqual([shares.perOrigin, shares.perClient, shares.perNeighbour, shares.perAddress, shares.allClients], [64, 64, 64, 32, 48])
  })
})
