// Unit tests of what a trace's truth asks of rate-limited nodes (error-tokens.ts): no namespaces, no root.

import assert from 'node:assert/strict'
import { errorSupply, errorTokens, sharedErrorCap } from './error-tokens.js'
import { drawTraceOptions, generateNetwork, NetworkTruth } from './generate.js'
import type { TraceTruth } from './spec.js'

const OWNERS = new Map([['10.0.0.1', 'r1'], ['10.0.1.1', 'r2'], ['10.0.9.2', 'dst']])
const ownerOf = (address: string): string | undefined => OWNERS.get(address)

function truthOf (method: TraceTruth['method'], family: TraceTruth['family'], hops: string[], reached: boolean): TraceTruth {
  return {
    target: '10.0.9.2', family, method, firstHop: 1, maxHops: 30, gapLimit: 5,
    paths: [{ hops, stop: reached ? 'reached' : 'unreachable', reached }]
  }
}

describe('harness error tokens (unit)', function () {
  it('a rate-limited node sends its burst and one error a second: 21 within 15 s, of which traces at once may ask 14', function () {
    assert.equal(errorSupply(15_000), 21)
    assert.equal(sharedErrorCap(15_000), 14)
  })

  it('counts one token per error of a rate-limited node, none for silence, other nodes or an echo reply', function () {
    const limited = new Set(['r1', 'dst'])
    const hops = ['10.0.0.1', '*', '10.0.1.1', '10.0.9.2']
    assert.deepEqual([...errorTokens(truthOf('icmp', 4, hops, true), 'reached', ownerOf, limited)], [['r1', 1]])
    assert.deepEqual([...errorTokens(truthOf('udp', 4, hops, true), 'reached', ownerOf, limited)], [['r1', 1], ['dst', 1]])
    assert.deepEqual([...errorTokens(truthOf('tcp', 4, hops, true), 'reached', ownerOf, limited)], [['r1', 1]])
  })

  it('an unreachable or prohibit route costs two tokens on IPv4 (ip_error and the ICMP limiter), one on IPv6', function () {
    const limited = new Set(['r1'])
    const refused = ['10.0.0.1', '10.0.0.1']
    assert.deepEqual([...errorTokens(truthOf('icmp', 4, refused, false), 'route-unreachable', ownerOf, limited)], [['r1', 3]])
    assert.deepEqual([...errorTokens(truthOf('udp', 4, refused, false), 'route-prohibit', ownerOf, limited)], [['r1', 3]])
    assert.deepEqual([...errorTokens(truthOf('icmp', 6, refused, false), 'route-unreachable', ownerOf, limited)], [['r1', 2]])
    assert.deepEqual([...errorTokens(truthOf('icmp', 4, refused, false), 'reject-forward', ownerOf, limited)], [['r1', 2]])
  })

  it('takes the most over ECMP paths, node by node', function () {
    const truth = truthOf('icmp', 4, ['10.0.0.1', '10.0.1.1'], false)
    truth.paths.push({ hops: ['10.0.0.1', '10.0.0.1'], stop: 'unreachable', reached: false })
    assert.deepEqual([...errorTokens(truth, 'reject-forward', ownerOf, new Set(['r1', 'r2']))], [['r1', 2], ['r2', 1]])
  })

  it('fixed seed 1666007350: every trace asks r1, its rate-limited first hop, for what its truth shows', function () {
    const network = generateNetwork(1666007350)
    const truth = new NetworkTruth(network)
    const options = drawTraceOptions(1666007350)
    const asked = Object.fromEntries(network.endings.flatMap(ending => ([4, 6] as const).map(family =>
      [`${ending.id}/${family}`, Object.fromEntries(truth.errorTokens(ending, family, { method: 'icmp', ...options }))])))
    assert.deepEqual(asked, {
      'e1/4': { r1: 1 }, 'e1/6': { r1: 1 }, // [r1 * * dst]: the echo reply is free
      'e2/4': {}, 'e2/6': {}, // a blackhole route at r1: nothing answers
      'e3/4': { r1: 3 }, 'e3/6': { r1: 3 }, // a loop r1<->r2, r1 answering at TTL 1, 3 and 5
      'e4/4': { r1: 2 }, 'e4/6': { r1: 1 }, // [r1]!H: the unreachable route's error, two tokens on IPv4
      'e5/4': { r1: 2 }, 'e5/6': { r1: 2 } // [r1 r1]!H: TTL 1's time exceeded and the REJECT's error
    })
  })
})
