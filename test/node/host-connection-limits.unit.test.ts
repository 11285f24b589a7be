// The per-address connection gater: handshakes under way and connections open from one address, counted from the
// first byte to the upgrade (handshakes) or the close (connections); other addresses unaffected.

import assert from 'node:assert/strict'
import type { MultiaddrConnection, PeerId } from '@libp2p/interface'
import { multiaddr } from '@multiformats/multiaddr'
import { hostConnectionLimits } from '../../src/node/host-connection-limits.js'

function maConn (host: string): MultiaddrConnection & { closeNow: () => void } {
  const events = new EventTarget()
  return Object.assign(events, {
    remoteAddr: multiaddr(`/ip4/${host}/tcp/40000`),
    closeNow: () => { events.dispatchEvent(new Event('close')) }
  }) as unknown as MultiaddrConnection & { closeNow: () => void }
}

const PEER = {} as PeerId

describe('host connection limits', () => {
  it('refuses a third handshake from one address while two are under way; an upgrade or a close frees one', async () => {
    const gater = hostConnectionLimits({ pendingPerHost: 2, connectionsPerHost: 3 })
    const deny = async (conn: MultiaddrConnection): Promise<boolean> => await gater.denyInboundConnection!(conn)
    const [a, b, c] = [maConn('192.0.2.1'), maConn('192.0.2.1'), maConn('192.0.2.1')]
    assert.equal(await deny(a), false)
    assert.equal(await deny(b), false)
    assert.equal(await deny(c), true, 'two handshakes under way')
    assert.equal(await deny(maConn('192.0.2.2')), false, 'another address')
    await gater.denyInboundUpgradedConnection!(PEER, a)
    assert.equal(await deny(c), false, 'a finished handshake frees its slot')
    assert.equal(await deny(maConn('192.0.2.1')), true, 'three connections open from the address')
    b.closeNow()
    b.closeNow()
    assert.equal(await deny(maConn('192.0.2.1')), false, 'a closed one frees its slot, once')
    assert.equal(await deny(maConn('192.0.2.1')), true)
  })
})
