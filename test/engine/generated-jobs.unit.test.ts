// Unit tests of how the generated-network test batches the traces it runs at once (generated-jobs.ts batchesAtOnce):
// at most ten, and no more together than a rate-limited node can answer within their bound. No namespaces, no root.

import assert from 'node:assert/strict'
import { sharedErrorCap } from '../harness/error-tokens.js'
import { batchesAtOnce } from './generated-jobs.js'
import type { GeneratedJob } from './generated-jobs.js'

function job (key: string, tokens: Record<string, number>): GeneratedJob {
  return { key, ending: 'e1', target: '10.0.9.2', method: 'icmp', family: 4, options: {}, boundMs: 15_000, errorTokens: tokens }
}

describe('generated-network batches at once (unit)', function () {
  it('ten at once while their truths ask no node for more than the cap', function () {
    const jobs = Array.from({ length: 12 }, (_, i) => job(`j${i}`, i < 10 ? { r1: 1 } : {}))
    assert.deepEqual(batchesAtOnce(jobs).map(batch => batch.length), [10, 2])
  })

  it('a job that would overdraw a node starts the next batch; other nodes count apart', function () {
    const cap = sharedErrorCap(15_000)
    const jobs = [...Array.from({ length: 8 }, (_, i) => job(`a${i}`, { r1: 2 })), job('b', { r2: cap }), job('c', { r2: 1 })]
    assert.equal(cap, 10)
    assert.deepEqual(batchesAtOnce(jobs).map(batch => batch.map(j => j.key).join(' ')),
      ['a0 a1 a2 a3 a4', 'a5 a6 a7 b', 'c'])
  })

  it('a job that alone asks for more than the cap still runs, in a batch of its own', function () {
    assert.deepEqual(batchesAtOnce([job('big', { r1: 20 }), job('small', { r1: 1 })]).map(batch => batch.map(j => j.key).join(' ')),
      ['big', 'small'])
  })
})
