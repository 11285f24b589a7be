// A `--rounds` result that would not fit one frame (a long path, many rounds, long IPv6 addresses) leaves out its
// last rounds at every hop alike, as few as it takes, and then fits; one that fits is left alone.

import '../../src/polyfill.js'
import assert from 'node:assert/strict'
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import type { Hop, MeasuredTrace } from '../../src/model/index.js'
import { fitRounds, resultFrameBytes } from '../../src/protocol/fit-rounds.js'
import { encodeMessage, KeyAuthenticator, MAX_MESSAGE_BYTES } from '../../src/protocol/index.js'

const ADDR = 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'

/** `hops` hops of 3 answered probes finding the path, then `rounds` answered rounds each. */
function trace (hops: number, rounds: number): MeasuredTrace {
  return {
    target: 'example.net', addr: ADDR, method: 'icmp', reached: true, durationMs: 70000, probesSent: hops * (3 + rounds),
    hops: Array.from({ length: hops }, (_, i): Hop => ({
      ttl: i + 1, addr: ADDR, rtts: [1.5, 1.5, 1.5],
      probes: [
        ...Array.from({ length: 3 }, () => ({ addr: ADDR, rtt: 1.5, size: 1280 })),
        ...Array.from({ length: rounds }, (_, r) => ({ addr: ADDR, rtt: 1.5, size: 1280, round: r + 1 }))
      ]
    }))
  }
}

function roundsAt (hop: Hop): number[] {
  return (hop.probes ?? []).flatMap(p => p.round === undefined ? [] : [p.round])
}

describe('fitting a rounds result in one frame', () => {
  it('a result that fits is left as it is', () => {
    const fits = trace(30, 8)
    assert.ok(resultFrameBytes(fits) <= MAX_MESSAGE_BYTES)
    assert.equal(fitRounds(fits), fits)
  })

  it('64 hops × 16 rounds of IPv6 answers: the last rounds go at every hop, as few as it takes, the path\'s probes stay', async () => {
    const big = trace(64, 16)
    assert.ok(resultFrameBytes(big) > MAX_MESSAGE_BYTES, `${resultFrameBytes(big)} bytes`)
    const fitted = fitRounds(big)
    const kept = roundsAt(fitted.hops[0]).length
    assert.ok(kept > 0 && kept < 16, `${kept} rounds kept`)
    for (const hop of fitted.hops) {
      assert.deepEqual(roundsAt(hop), Array.from({ length: kept }, (_, i) => i + 1), `hop ${hop.ttl}`)
      assert.equal((hop.probes ?? []).filter(p => p.round === undefined).length, 3, `hop ${hop.ttl}`)
    }
    assert.ok(resultFrameBytes(fitted) <= MAX_MESSAGE_BYTES)
    // One round more would not have fitted.
    const oneMore = { ...big, hops: big.hops.map(h => ({ ...h, probes: h.probes?.filter(p => p.round === undefined || p.round <= kept + 1) })) }
    assert.ok(resultFrameBytes(oneMore) > MAX_MESSAGE_BYTES)
    // Signed by a real key, with its peer id and a name, the result fits the frame a receiver accepts.
    const auth = new KeyAuthenticator(await generateKeyPairFromSeed('Ed25519', new Uint8Array(32).fill(3)))
    const signed = await auth.signResult({ requestId: '00'.repeat(16), peer: auth.self, name: 'n'.repeat(64), trace: fitted })
    assert.ok(encodeMessage({ type: 'result', result: signed }).byteLength <= MAX_MESSAGE_BYTES)
  })
})
