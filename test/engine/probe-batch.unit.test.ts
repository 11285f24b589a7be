// The order of a batch of probes (src/engine/probe-batch.ts): lowest TTL first, then the most retried hop first, then
// the order asked; follow-ups after discovery probes of their TTL.

import assert from 'node:assert/strict'
import { batchOrder, type BatchedProbe } from '../../src/engine/probe-batch.js'

const probe = (name: string, ttl: number, attempt: number): BatchedProbe & { name: string } => ({ name, ttl, attempt, send: () => {} })

describe('batchOrder', () => {
  it('sends lower TTLs first, and within a TTL the hop that waited through the most attempts', () => {
    // Ten traces' paced retries meet at a router of TTL 4 that refilled one token: the trace asking last but on its
    // seventh attempt gets it, not the first asker on its third (which took it last round).
    const batch = [
      probe('a4', 4, 3), probe('a5', 5, 3), probe('b4', 4, 3), probe('c3', 3, 2), probe('z4', 4, 7), probe('f4', 4, 0)
    ]
    assert.deepEqual(batchOrder(batch).map(p => p.name), ['c3', 'z4', 'a4', 'b4', 'f4', 'a5'])
    assert.deepEqual(batch.map(p => p.name), ['a4', 'a5', 'b4', 'c3', 'z4', 'f4'], 'the batch itself is left as it was')
  })
})
