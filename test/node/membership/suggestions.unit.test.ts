// Peer exchange's suggestions against issue 14, item 6 (nothing here is dialled: addresses are values): a neighbour
// answering 32 fresh ids a round, all at 127.0.0.1:9999, made a node dial that socket 177 times a minute and grew
// libp2p's peer store past its bound. Now a suggestion keeps only addresses this node may dial (no loopback or
// private address from a neighbour that is not itself there, no DNS name), at most MAX_IDS_PER_ADDRESS ids share one
// socket, and every peer the known-peers table forgets is reported so the peer store drops it too.

import assert from 'node:assert/strict'
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import { DEFAULT_SUGGESTED_DIALS_PER_MINUTE, MAX_IDS_PER_ADDRESS } from '../../../src/node/membership/constants.js'
import { addressesFromNeighbour, addressKey } from '../../../src/node/membership/exchange-addresses.js'
import { KnownPeers } from '../../../src/node/membership/known-peers.js'
import { SuggestionBudget } from '../../../src/node/membership/suggestion-budget.js'
import { seededRandom } from '../../random/seeded-random.js'
import { ManualClock } from '../../time/manual-clock.js'

const RELAY_ID = '12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN'
const SEED = 14
const strings = (addrs: Multiaddr[]): string[] => addrs.map(a => a.toString())

const SUGGESTED = [
  '/ip4/127.0.0.1/tcp/9999', '/ip6/::1/tcp/9999', '/ip4/10.0.0.5/tcp/22', '/ip4/192.168.1.1/tcp/80', '/ip4/198.18.3.4/tcp/4001',
  '/ip4/11.0.0.2/tcp/4001', '/ip6/2606:4700::1/tcp/4001', `/ip4/127.0.0.1/tcp/4001/p2p/${RELAY_ID}/p2p-circuit`,
  `/ip4/11.0.0.3/tcp/4001/p2p/${RELAY_ID}/p2p-circuit`, '/dns4/localhost/tcp/9999', '/dns4/peer.example/tcp/4001'
]
const PUBLIC = ['/ip4/11.0.0.2/tcp/4001', '/ip6/2606:4700::1/tcp/4001', `/ip4/11.0.0.3/tcp/4001/p2p/${RELAY_ID}/p2p-circuit`]

describe('node/membership: peer-exchange suggestions', function () {
  const suggested = SUGGESTED.map(text => multiaddr(text))

  it('from a neighbour on a public address: public IP addresses only (no loopback, private or DNS name)', function () {
    assert.deepEqual(strings(addressesFromNeighbour(suggested, multiaddr('/ip4/11.0.0.9/tcp/50000'))), PUBLIC)
  })

  it('from a neighbour on a private network (the lab\'s 198.18/15 too): that network\'s addresses as well, no loopback', function () {
    assert.deepEqual(strings(addressesFromNeighbour(suggested, multiaddr('/ip4/198.18.0.2/tcp/50000'))),
      ['/ip4/10.0.0.5/tcp/22', '/ip4/192.168.1.1/tcp/80', '/ip4/198.18.3.4/tcp/4001', ...PUBLIC])
  })

  it('from a neighbour on loopback (an overlay on one machine): loopback too', function () {
    assert.deepEqual(strings(addressesFromNeighbour(suggested, multiaddr('/ip4/127.0.0.1/tcp/50000'))),
      SUGGESTED.filter(text => !text.startsWith('/dns4/')))
  })

  it('32 fresh ids a round at one socket, 10 rounds: the socket is known for MAX_IDS_PER_ADDRESS ids, dialled as often', function () {
    const clock = new ManualClock()
    const random = seededRandom(SEED)
    const known = new KnownPeers({ clock, random, max: 512, addressKey })
    const socket = [multiaddr('/ip4/127.0.0.1/tcp/9999')]
    let serial = 0
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 32; i++) known.suggest(`sybil-${serial++}`, socket)
      clock.advance(10_000)
    }
    // The honest peer elsewhere is still learnt; so is a second id at its socket (a restart with a new key).
    assert.equal(known.suggest('honest', [multiaddr('/ip4/127.0.0.1/tcp/4001')]), true)
    assert.equal(known.suggest('honest-restarted', [multiaddr('/ip4/127.0.0.1/tcp/4001')]), true)
    assert.equal(known.suggest('third', [multiaddr('/ip4/127.0.0.1/tcp/4001')]), false)
    const candidates = known.candidates(new Set(), random)
    assert.equal(candidates.filter(id => id.startsWith('sybil-')).length, MAX_IDS_PER_ADDRESS)
    assert.deepEqual(candidates.filter(id => !id.startsWith('sybil-')).sort(), ['honest', 'honest-restarted'])
    assert.equal(known.size, MAX_IDS_PER_ADDRESS + 2)
  })

  it('an id suggested again keeps its own socket; other addresses of a suggestion are kept when one is taken', function () {
    const known = new KnownPeers({ clock: new ManualClock(), random: seededRandom(SEED), max: 512, addressKey, maxIdsPerAddress: 1 })
    assert.equal(known.suggest('a', [multiaddr('/ip4/11.0.0.2/tcp/4001')]), true)
    assert.equal(known.suggest('a', [multiaddr('/ip4/11.0.0.2/tcp/4001')]), true, 'its own claim does not count against it')
    assert.equal(known.suggest('b', [multiaddr('/ip4/11.0.0.2/tcp/4001'), multiaddr('/ip4/11.0.0.3/tcp/4001')]), true)
    assert.deepEqual(strings(known.addresses('b')), ['/ip4/11.0.0.3/tcp/4001'])
  })

  it('every peer forgotten (evicted past max, or aged out) is reported, so the peer store shrinks with the table', function () {
    const clock = new ManualClock()
    const forgotten: string[] = []
    const known = new KnownPeers({ clock, random: seededRandom(SEED), max: 8, maxAgeMs: 60_000, addressKey, onForget: id => forgotten.push(id) })
    for (let i = 0; i < 20; i++) {
      known.suggest(`peer-${i}`, [multiaddr(`/ip4/11.0.${i}.1/tcp/4001`)])
      clock.advance(1000)
    }
    assert.deepEqual(forgotten, Array.from({ length: 12 }, (_, i) => `peer-${i}`))
    assert.deepEqual(known.ids(), Array.from({ length: 8 }, (_, i) => `peer-${i + 12}`))
    clock.advance(60_000 - 7_000)
    known.ageOut()
    assert.deepEqual(forgotten.slice(12), ['peer-12'])
    assert.equal(known.size, 7)
  })

  it('a neighbour\'s suggestions are dialled at most DEFAULT_SUGGESTED_DIALS_PER_MINUTE a minute; others\' and known peers\' are not held back', function () {
    const clock = new ManualClock()
    const budget = new SuggestionBudget({ clock, max: 512 })
    for (let i = 0; i < 32; i++) budget.named(`sybil-${i}`, 'attacker')
    budget.named('honest-suggestion', 'honest-neighbour')
    budget.named('sybil-0', 'honest-neighbour') // named first by the attacker: counted against it
    const dialled: string[] = []
    /** A maintenance round dialling whatever is allowed (as if every dial failed at once, freeing the slot). */
    const round = (): void => {
      for (let i = 0; i < 32; i++) {
        const id = `sybil-${i}`
        if (budget.allows(id)) { budget.dialled(id); dialled.push(id) }
      }
    }
    // Ten rounds a second for a minute: one minute's budget.
    for (let tick = 0; tick < 600; tick++) {
      round()
      clock.advance(100)
    }
    assert.equal(dialled.length, DEFAULT_SUGGESTED_DIALS_PER_MINUTE)
    assert.deepEqual(dialled, Array.from({ length: DEFAULT_SUGGESTED_DIALS_PER_MINUTE }, (_, i) => `sybil-${i}`))
    // A minute after the first dials, the next minute's budget.
    round()
    assert.equal(dialled.length, 2 * DEFAULT_SUGGESTED_DIALS_PER_MINUTE)
    assert.equal(budget.allows('honest-suggestion'), true)
    assert.equal(budget.allows('never-named'), true)
    budget.connected('sybil-5')
    assert.equal(budget.allows('sybil-5'), true, 'a peer connected once is this node\'s own')
  })
})
