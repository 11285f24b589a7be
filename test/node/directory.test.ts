// The directory over libp2p on loopback: three nodes in a line learn each other's signed descriptions by gossip
// (the ends never connected), a client reads them, and a client that pushes a description of itself is not listed.

import assert from 'node:assert/strict'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { directoryExchange } from '../../src/node/client/directory-client.js'
import { createClientNode } from '../../src/node/create-node.js'
import { pullDirectory } from '../../src/node/directory/exchange.js'
import { signDescription } from '../../src/protocol/description-codec.js'
import { DESCRIBE_PROTOCOL } from '../../src/protocol/constants.js'
import { LoopbackNet } from './loopback-net.js'
import { waitFor } from './wait-for.js'

describe('directory over libp2p (loopback)', function () {
  this.timeout(60_000)
  let net: LoopbackNet

  before(async () => {
    net = new LoopbackNet()
    // A line a - b - c: nobody dials anyone new (min 1 neighbour, no sampling), so c's description reaches a only
    // through b's directory.
    const membership = { minNeighbours: 1, maxNeighbours: 2, sampleIntervalMs: 0 }
    const a = await net.add({ membership })
    const b = await net.add({ membership, bootstrap: [net.address(a, true)] })
    await net.add({ membership, bootstrap: [net.address(b, true)] })
  })

  after(async () => { await net?.stop() })

  it('every node learns every other\'s description, and a client reads them, checked', async () => {
    const [a, , c] = net.nodes
    assert.ok(a !== undefined && c !== undefined)
    await waitFor(() => net.nodes.every(node => node.services.describe.directory.list().length === 2), {
      timeoutMs: 45_000, intervalMs: 200, what: 'every node to know the other two'
    })
    assert.equal(a.getConnections(c.peerId).length, 0, 'a and c never connected')
    const { client } = await net.addClient()
    await client.dial(net.address(a, true))
    const listed = await directoryExchange(client, a.peerId, AbortSignal.timeout(10_000))
    assert.deepEqual(listed.map(d => d.name).sort(), ['peer-0', 'peer-1', 'peer-2'])
    assert.equal(listed[0]?.name, 'peer-0', 'the node\'s own description first')
    assert.deepEqual(listed.map(d => d.peer).sort(), net.ids().sort())
  })

  it('a client\'s description of itself is not taken into the directory', async () => {
    const a = net.at(0)
    // The client signs with its own libp2p key: the description is genuinely the dialer's own.
    const key = await generateKeyPair('Ed25519')
    const client = await createClientNode(key)
    net.clients.push(client)
    await client.dial(net.address(a, true))
    const mine = await signDescription(key, { name: 'intruder', tags: [], families: ['ipv4'], version: '0.1.0', timestamp: Date.now() })
    const signal = AbortSignal.timeout(10_000)
    const stream = await client.dialProtocol(a.peerId, DESCRIBE_PROTOCOL, { signal })
    await pullDirectory(stream, mine, signal)
    // The node is done with the exchange once it answered; ask again and look.
    const listed = await directoryExchange(client, a.peerId, signal)
    assert.deepEqual(listed.map(d => d.name).sort(), ['peer-0', 'peer-1', 'peer-2'])
    assert.equal(mine.peer, client.peerId.toString())
    assert.equal(a.services.describe.directory.list().some(d => d.peer === mine.peer), false)
  })
})
