// What peer exchange may pass on and an entry peer may stamp: the evidence rules of exchange-addresses.ts, on
// addresses drawn by hand for each rule (loopback, a NAT'd peer seen from its router, a relayed address).

import assert from 'node:assert/strict'
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import { addressesForAsker, directAddresses, stampableAddresses, vouchedAddresses } from '../../src/node/membership/exchange-addresses.js'

const RELAY_ID = '12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN'
const PEER_ID = '12D3KooWGC6TvWhfapngX6wvJHMYvKpDMXPb3ZnCZ6dMoaMtimQ5'
const strings = (addrs: Multiaddr[]): string[] => addrs.map(a => a.toString())
const circuit = `/ip4/198.18.1.2/tcp/4001/p2p/${RELAY_ID}/p2p-circuit`

describe('node: exchange addresses', function () {
  const announced = [multiaddr('/ip4/198.18.7.2/tcp/4001'), multiaddr('/ip4/127.0.0.1/tcp/4001'), multiaddr(circuit)]

  it('a peer that connected from its router (NAT): only its relayed address is vouched for', function () {
    const connection = { direction: 'inbound' as const, remoteAddr: multiaddr('/ip4/198.18.8.1/tcp/53211') }
    assert.deepEqual(strings(vouchedAddresses(announced, connection)), [circuit])
  })

  it('a peer that connected from its own address: that host\'s addresses too', function () {
    const connection = { direction: 'inbound' as const, remoteAddr: multiaddr('/ip4/198.18.7.2/tcp/53211') }
    assert.deepEqual(strings(vouchedAddresses(announced, connection)), ['/ip4/198.18.7.2/tcp/4001', circuit])
  })

  it('a peer we dialled: the address we dialled, not another port of that host', function () {
    const addrs = [multiaddr('/ip4/198.18.7.2/tcp/4001'), multiaddr('/ip4/198.18.7.2/tcp/4002')]
    const connection = { direction: 'outbound' as const, remoteAddr: multiaddr('/ip4/198.18.7.2/tcp/4001') }
    assert.deepEqual(strings(vouchedAddresses(addrs, connection)), ['/ip4/198.18.7.2/tcp/4001'])
  })

  it('a public address is vouched for (libp2p announces one only once AutoNAT confirmed it); nothing direct over a relay', function () {
    const addrs = [multiaddr('/ip4/1.2.3.4/tcp/4001'), multiaddr('/ip4/198.18.7.2/tcp/4001')]
    const relayed = { direction: 'inbound' as const, remoteAddr: multiaddr(`${circuit}/p2p/${PEER_ID}`) }
    assert.deepEqual(strings(vouchedAddresses(addrs, relayed)), ['/ip4/1.2.3.4/tcp/4001'])
  })

  it('hands loopback addresses (and relays on loopback) only to a peer asking over loopback', function () {
    const addrs = [multiaddr('/ip4/127.0.0.1/tcp/4001'), multiaddr(`/ip4/127.0.0.1/tcp/4002/p2p/${RELAY_ID}/p2p-circuit`), multiaddr(circuit)]
    assert.deepEqual(strings(addressesForAsker(addrs, multiaddr('/ip4/198.18.3.2/tcp/50000'))), [circuit])
    assert.deepEqual(addressesForAsker(addrs, multiaddr('/ip4/127.0.0.1/tcp/50000')), addrs)
  })

  it('an entry stamps no loopback address beside others, and only relayed ones behind a NAT', function () {
    const own = [multiaddr('/ip4/198.18.7.2/tcp/4001'), multiaddr('/ip4/127.0.0.1/tcp/4001'), multiaddr(circuit)]
    assert.deepEqual(strings(stampableAddresses(own, false)), ['/ip4/198.18.7.2/tcp/4001', circuit])
    assert.deepEqual(strings(stampableAddresses(own, true)), [circuit])
    const loopbackOnly = [multiaddr('/ip4/127.0.0.1/tcp/4001')]
    assert.deepEqual(stampableAddresses(loopbackOnly, false), loopbackOnly)
  })

  it('degree maintenance dials direct addresses only', function () {
    assert.deepEqual(strings(directAddresses(announced)), ['/ip4/198.18.7.2/tcp/4001', '/ip4/127.0.0.1/tcp/4001'])
  })
})
