// The differential table (no lab): each trace compared peertrace-to-scamper, rows per ending kind and method.

import assert from 'node:assert/strict'
import { compare, COMPARISONS, differentialTable } from './differential-table.js'
import type { DifferentialRow } from './differential-table.js'

const row = (kind: string, peertrace: [boolean, number], scamper: [boolean, number]): DifferentialRow => ({
  kind,
  method: 'icmp',
  runs: {
    peertrace: { right: peertrace[0], ms: peertrace[1] },
    scamper: { right: scamper[0], ms: scamper[1] },
    traceroute: { right: true, ms: 5 }
  },
  peertraceStopAside: peertrace[0]
})

describe('differential table (unit)', function () {
  it('compares peertrace with scamper on one trace', function () {
    assert.equal(compare(row('a', [true, 10], [true, 20])), 'both right, peertrace faster')
    assert.equal(compare(row('a', [true, 30], [true, 20])), 'both right, scamper faster')
    assert.equal(compare(row('a', [false, 10], [true, 20])), 'only scamper right')
    assert.equal(compare(row('a', [true, 10], [false, 20])), 'only peertrace right')
    assert.equal(compare(row('a', [false, 10], [false, 20])), 'neither right')
  })

  it('writes one row per ending kind and method, with counts and medians', function () {
    const table = differentialTable([row('loop', [true, 10], [true, 20]), row('loop', [false, 30], [true, 40]), row('gap', [true, 1], [false, 2])])
    const lines = table.trim().split('\n')
    assert.equal(lines.length, 4)
    assert.equal(lines[0].split('|').length - 2, 10 + COMPARISONS.length)
    assert.equal(lines[2], '| gap | icmp | 1 | 1/1 | 1/1 | 1 | 0/1 | 2 | 1/1 | 5 | 0 | 0 | 0 | 1 | 0 |')
    assert.equal(lines[3], '| loop | icmp | 2 | 1/2 | 1/2 | 20 | 2/2 | 30 | 2/2 | 5 | 1 | 0 | 1 | 0 | 0 |')
  })
})
