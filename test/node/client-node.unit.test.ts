// The client node (trace, directory and history clients) runs no libp2p connection monitor: its ping shares the
// connection with the answer it carries, and at the first pong later than its timeout it aborted the connection with
// every stream on it. A trace answered with 1,500 results of 65 KB lost its connection after a few hundred on a loaded
// host (test/security/large-results.test.ts). Every call a client makes is bounded by its own timeout instead.

import '../../src/polyfill.js'
import assert from 'node:assert/strict'
import { generateKeyPair } from '@libp2p/crypto/keys'
import type { Libp2p } from '@libp2p/interface'
import { createClientNode } from '../../src/node/create-node.js'

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
})
