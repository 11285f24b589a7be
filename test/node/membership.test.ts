// Membership healing: two nodes whose only neighbours are each other (the first one's bootstrap dial failed, then
// the second joined through it) rejoin the overlay through the bootstrap address once it answers; with too few
// neighbours and nobody left to learn of, a node must go back to its bootstrap list. A peer whose identify failed
// (libp2p tries once per connection) is identified again, and then counted.

import '../../src/polyfill.js'
import assert from 'node:assert/strict'
import { createServer } from 'node:net'
import type { Startable } from '@libp2p/interface'
import { parsePeerAddress } from '../../src/node/membership/peer-address.js'
import { LoopbackNet } from './loopback-net.js'
import { waitFor } from './wait-for.js'

const JOIN_TIMEOUT_MS = 20_000

/** A loopback port that was free a moment ago (the overlay's first node will listen on it later). */
async function freePort (): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => { server.listen(0, '127.0.0.1', resolve) })
  const address = server.address()
  await new Promise<void>((resolve) => { server.close(() => { resolve() }) })
  assert.ok(address !== null && typeof address === 'object')
  return address.port
}

describe('node: membership', function () {
  const net = new LoopbackNet()

  after(async () => { await net.stop() })

  it('heals an island of two: a stranded node dials its bootstrap again', async function () {
    const port = await freePort()
    // a: its bootstrap is not up yet, so its first dials fail. b joins through a.
    const a = await net.add({ bootstrap: [parsePeerAddress(`127.0.0.1:${port}`)] })
    const b = await net.add({ bootstrap: [net.address(a, true)] })
    await waitFor(() => a.services.membership.neighbours().includes(b.peerId.toString()) &&
      b.services.membership.neighbours().includes(a.peerId.toString()), { timeoutMs: JOIN_TIMEOUT_MS, what: 'the island a-b' })
    assert.equal(a.services.membership.neighbours().length, 1)

    // The rest of the overlay comes up where a's bootstrap points; c and d join it, not the island.
    const x = await net.add({ port })
    await net.add({ bootstrap: [net.address(x, true)] })
    await net.add({ bootstrap: [net.address(x, false)] })
    const healed = await net.waitForReach(x, JOIN_TIMEOUT_MS)
    console.log(`      the island joined the overlay ${Math.round(healed)} ms after its bootstrap came up`)
    assert.ok(a.getConnections(x.peerId).length > 0, 'a reached x through its bootstrap address')
    assert.equal(net.reachableFrom(a).size, net.nodes.length)
    await net.assertLoopbackOnly()
  })

  it('identifies a connected peer again when its identify failed, and then counts it as a neighbour', async function () {
    // e answers no identify, so f's identify of its connection to e fails (e's of f works).
    const e = await net.add()
    const eIdentify = e.services.identify as Startable
    await eIdentify.stop()
    const f = await net.add({ bootstrap: [net.address(e, true)] })
    const [eId, fId] = [e.peerId.toString(), f.peerId.toString()]
    await waitFor(() => e.services.membership.neighbours().includes(fId), { timeoutMs: JOIN_TIMEOUT_MS, what: 'e counting f' })
    assert.equal(f.getConnections(e.peerId).length, 1)
    assert.ok(!f.services.membership.neighbours().includes(eId), 'f cannot count e while e answers no identify')
    // e answers identify again; libp2p will not ask on the same connection, f's membership must.
    await eIdentify.start()
    await waitFor(() => f.services.membership.neighbours().includes(eId), { timeoutMs: JOIN_TIMEOUT_MS, what: 'f counting e' })
    assert.equal(f.getConnections(e.peerId).length, 1, 'on the same connection')
  })
})
