// The client node (trace, directory and history clients) runs no libp2p connection monitor: its ping shares the
// connection with the answer it carries, and at the first pong later than its timeout it aborted the connection with
// every stream on it. A trace answered with 1,500 results of 65 KB lost its connection after a few hundred on a loaded
// host (test/security/large-results.test.ts). Every call a client makes is bounded by its own timeout instead, its
// dial too: libp2p's 6 s per address cut honest handshakes on a loaded host (test/security/connection-lockout).

import '../../src/polyfill.js'
import assert from 'node:assert/strict'
import { generateKeyPair } from '@libp2p/crypto/keys'
import type { Libp2p } from '@libp2p/interface'
import { createClientNode } from '../../src/node/create-node.js'
import { CLIENT_ADDRESS_DIAL_TIMEOUT_MS } from '../../src/node/constants.js'
import { DEFAULT_MAX_DEADLINE_MS } from '../../src/overlay/constants.js'

/**
 * Whether libp2p built the component `name` into `node`. Its components are a proxy that throws MissingServiceError
 * for one that was never configured.
 */
function hasComponent (node: Libp2p, name: string): boolean {
  const { components } = node as unknown as { components: Record<string, unknown> }
  try {
    return components[name] !== undefined
  } catch (err) {
    if ((err as Error).name === 'MissingServiceError') return false
    throw err
  }
}

describe('client node', function () {
  it('runs no connection monitor, whose missed ping would abort the connection and the trace on it', async () => {
    const client = await createClientNode(await generateKeyPair('Ed25519'))
    try {
      // The probe sees libp2p's components at all: a node always has a connection manager.
      assert.equal(hasComponent(client, 'connectionManager'), true)
      assert.equal(hasComponent(client, 'connectionMonitor'), false)
    } finally {
      await client.stop()
    }
  })

  it('gives a dial of one address as long as the longest trace deadline, so the call\'s own deadline bounds it', async () => {
    const client = await createClientNode(await generateKeyPair('Ed25519'))
    try {
      // libp2p's dial queue, which applies addressDialTimeout to every address it dials.
      const { components } = client as unknown as { components: { connectionManager: { dialQueue: { addressDialTimeout: number } } } }
      assert.equal(components.connectionManager.dialQueue.addressDialTimeout, CLIENT_ADDRESS_DIAL_TIMEOUT_MS)
      assert.equal(CLIENT_ADDRESS_DIAL_TIMEOUT_MS, DEFAULT_MAX_DEADLINE_MS)
    } finally {
      await client.stop()
    }
  })
})
