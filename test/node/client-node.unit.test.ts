// The trace client's libp2p: no connection monitor, whose first missed ping aborts the connection and every trace
// on it (on a loaded host a ping misses its timeout routinely; the trace's own deadline bounds the wait instead).

import '../../src/polyfill.js'
import assert from 'node:assert/strict'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { clientNodeOptions } from '../../src/node/create-node.js'

describe('the trace client\'s libp2p options', () => {
  it('turn the connection monitor off and listen nowhere', async () => {
    const options = clientNodeOptions(await generateKeyPair('Ed25519'))
    assert.deepEqual(options.connectionMonitor, { enabled: false })
    assert.deepEqual(options.addresses, { listen: [] })
  })
})
