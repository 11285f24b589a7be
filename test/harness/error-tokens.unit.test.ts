// Unit tests of what a trace's truth asks of rate-limited nodes (error-tokens.ts): no namespaces, no root.

import assert from 'node:assert/strict'
import { errorSupply, errorTokens, sharedErrorCap } from './error-tokens.js'
import { drawTraceOptions, generateNetwork, NetworkTruth } from './generate.js'
import type { ErrorSpend } from './trace-truth.js'

const spend = (node: string, ttl: number, error: ErrorSpend['error'] = 'time-exceeded'): ErrorSpend => ({ node, ttl, error })

describe('harness error tokens (unit)', function () {
  it('a rate-limited node sends its burst and one error a second: 21 within 15 s, of which traces at once may ask 10', function () {
    assert.equal(errorSupply(15_000), 21)
    assert.equal(sharedErrorCap(15_000), 10)
  })

  it('counts one token per error of a rate-limited node, a silent router\'s dropped time exceeded too, none for other nodes', function () {
    const limited = new Set(['r1', 'r2', 'dst'])
    // r1 answers TTL 1, r2 is silent at TTL 2 (its time exceeded is made, then dropped), r3 is not rate-limited.
    const path = [spend('r1', 1), spend('r2', 2), spend('r3', 3)]
    assert.deepEqual([...errorTokens([path], 4, limited)], [['r1', 1], ['r2', 1]])
    // UDP's answer from the target is a port unreachable: an error too (an echo reply is no spend at all).
    assert.deepEqual([...errorTokens([[...path, spend('dst', 4, 'port-unreachable')]], 4, limited)], [['r1', 1], ['r2', 1], ['dst', 1]])
  })

  it('a refusing route\'s error costs two tokens on IPv4 (ip_error and the ICMP limiter), one on IPv6; a REJECT one', function () {
    const limited = new Set(['r1'])
    const refused = [spend('r1', 1), spend('r1', 2, 'route')]
    assert.deepEqual([...errorTokens([refused], 4, limited)], [['r1', 3]])
    assert.deepEqual([...errorTokens([refused], 6, limited)], [['r1', 2]])
    assert.deepEqual([...errorTokens([[spend('r1', 1), spend('r1', 2, 'reject')]], 4, limited)], [['r1', 2]])
  })

  it('takes the most over ECMP paths, node by node', function () {
    const paths = [[spend('r1', 1), spend('r2', 2)], [spend('r1', 1), spend('r1', 2, 'reject')]]
    assert.deepEqual([...errorTokens(paths, 4, new Set(['r1', 'r2']))], [['r1', 2], ['r2', 1]])
  })

  it('fixed seed 1666007350: every trace asks its rate-limited routers for its reading, silent r2 and r3 included', function () {
    const network = generateNetwork(1666007350)
    const truth = new NetworkTruth(network)
    const options = drawTraceOptions(1666007350)
    const asked = Object.fromEntries(network.endings.flatMap(ending => ([4, 6] as const).map(family =>
      [`${ending.id}/${family}`, Object.fromEntries(truth.errorTokens(ending, family, { method: 'icmp', ...options }))])))
    assert.deepEqual(asked, {
      'e1/4': { r1: 1, r2: 1, r3: 1 }, 'e1/6': { r1: 1, r2: 1, r3: 1 }, // [r1 * * dst]: r2, r3 silent; the echo reply is free
      'e2/4': {}, 'e2/6': {}, // a blackhole route at r1: nothing answers
      'e3/4': { r1: 3, r2: 2 }, 'e3/6': { r1: 3, r2: 2 }, // a loop r1<->r2: r1 at TTL 1, 3 and 5, silent r2 at 2 and 4
      'e4/4': { r1: 2 }, 'e4/6': { r1: 1 }, // [r1]!H: the unreachable route's error, two tokens on IPv4
      'e5/4': { r1: 2 }, 'e5/6': { r1: 2 } // [r1 r1]!H: TTL 1's time exceeded and the REJECT's error
    })
  })

  it('fixed seed 1928797916: the silent, rate-limited r2 that every trace passes at TTL 2 is asked by every one', function () {
    const network = generateNetwork(1928797916)
    const truth = new NetworkTruth(network)
    const options = drawTraceOptions(1928797916)
    const asked = Object.fromEntries(network.endings.flatMap(ending => ([['icmp', 4], ['udp', 4]] as const).map(([method, family]) =>
      [`${ending.id}/${method}`, Object.fromEntries(truth.errorTokens(ending, family, { method, ...options }))])))
    assert.deepEqual(asked, {
      'e1/icmp': { r2: 1 }, 'e1/udp': { r2: 1 }, // [* dst] from TTL 2: r2 silent; dst is not rate-limited
      'e2/icmp': {}, 'e2/udp': { r2: 1 }, // r2's own address at TTL 2: UDP's port unreachable is an error
      'e3/icmp': { r2: 3, r1: 2 }, 'e3/udp': { r2: 3, r1: 2 }, // a loop r2<->r1, silent both: [* * * * *] gap
      'e4/icmp': { r2: 2 }, 'e4/udp': { r2: 2 }, // [* r2]!X: the silent time exceeded and the REJECT
      'e5/icmp': { r2: 1 }, 'e5/udp': { r2: 1 } // [* dst]!P: r2 silent; the refusal is dst's own
    })
  })
})
