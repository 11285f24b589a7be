// `--rounds` on the wire: the rounds count travels in the signed request (ProbeSpec field 6) and each round probe
// carries its round (Probe field 5); both survive encode and decode, the signatures cover them, a request without
// rounds encodes as before, out-of-bounds values do not decode, and the largest rounds result of a default-length
// trace fits one frame.

import '../../src/polyfill.js'
import assert from 'node:assert/strict'
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import type { MeasuredTrace, Probe, TraceRequest, VantageResult } from '../../src/model/index.js'
import { decodeMessage, encodeMessage, KeyAuthenticator, MalformedMessageError, MAX_MESSAGE_BYTES } from '../../src/protocol/index.js'
import { requestToPb, resultToPb } from '../../src/protocol/codec.js'
import { DEFAULT_MAX_HOPS, MAX_PROBES_PER_TRACE } from '../../src/engine/constants.js'
import { MAX_PROBE_QUERIES, MAX_PROBE_ROUNDS } from '../../src/model/limits.js'
import * as pb from '../../src/protocol/pb/trace.js'

const REQUEST_ID = '0123456789abcdef0123456789abcdef'

function request (rounds?: number): Omit<TraceRequest, 'signature'> {
  return {
    id: REQUEST_ID,
    origin: '',
    target: '192.0.2.1',
    probe: { method: 'icmp', maxHops: 30, firstHop: 1, queries: 3, waitMs: 3500, ...rounds === undefined ? {} : { rounds } },
    initialHopBudget: 8,
    hopBudget: 8,
    deadline: 2_000_000_000_000,
    timestamp: 1_999_999_990_000
  }
}

function decodedRequest (bytes: Uint8Array): TraceRequest {
  const message = decodeMessage(bytes)
  assert.equal(message.type, 'request')
  return message.request
}

function decodedResult (bytes: Uint8Array): VantageResult {
  const message = decodeMessage(bytes)
  assert.equal(message.type, 'result')
  return message.result
}

describe('rounds on the wire', () => {
  let auth: KeyAuthenticator
  before(async () => {
    auth = new KeyAuthenticator(await generateKeyPairFromSeed('Ed25519', new Uint8Array(32).fill(9)))
  })

  it('the rounds count survives the wire and is signed: any change to it fails the check', async () => {
    const signed = await auth.signRequest(request(8))
    const wire = decodedRequest(encodeMessage({ type: 'request', request: signed }))
    assert.equal(wire.probe.rounds, 8)
    assert.equal(await auth.verifyRequest(wire), true)
    for (const rounds of [9, 0, undefined]) {
      const { rounds: _, ...probe } = wire.probe
      const altered = { ...wire, probe: rounds === undefined ? probe : { ...probe, rounds } }
      assert.equal(await auth.verifyRequest(altered), false, `rounds ${String(rounds)}`)
    }
  })

  it('a request without rounds encodes as a peer that predates them sends it, and decodes without them', async () => {
    const signed = await auth.signRequest(request())
    const bytes = pb.ProbeSpec.encode(requestToPb(signed).probe as pb.ProbeSpec)
    // Fields 1-5 only: no tag of field 6 (6 << 3 | 0 = 0x30) anywhere after them.
    assert.deepEqual(pb.ProbeSpec.decode(bytes), { method: 'icmp', maxHops: 30, firstHop: 1, queries: 3, waitMs: 3500 })
    const wire = decodedRequest(encodeMessage({ type: 'request', request: signed }))
    assert.equal('rounds' in wire.probe, false)
    assert.equal(await auth.verifyRequest(wire), true)
  })

  it('each round probe keeps its round through the wire, under the result\'s signature', async () => {
    const trace: MeasuredTrace = {
      target: '192.0.2.1', addr: '192.0.2.1', method: 'icmp', reached: true, durationMs: 3, probesSent: 4,
      hops: [{
        ttl: 1, addr: '10.0.0.1', rtts: [0.5],
        probes: [{ addr: '10.0.0.1', rtt: 0.5 }, { addr: '10.0.0.1', rtt: 0.4, round: 1 }, { addr: null, round: 2 }, { addr: '10.0.0.1', rtt: 0.6, round: 3 }]
      }]
    }
    const signed = await auth.signResult({ requestId: REQUEST_ID, peer: auth.self, name: 'vp', trace })
    const decoded = decodedResult(encodeMessage({ type: 'result', result: signed }))
    assert.deepEqual(decoded.trace, trace)
    assert.equal(await auth.verifyResult(decoded), true)
    const moved = structuredClone(trace)
    moved.hops[0].probes = [trace.hops[0].probes?.[0] as Probe, { addr: null, round: 1 }, { addr: '10.0.0.1', rtt: 0.4, round: 2 }, { addr: '10.0.0.1', rtt: 0.6, round: 3 }]
    assert.equal(await auth.verifyResult({ ...decoded, trace: moved }), false)
  })

  it(`a round outside 1..${MAX_PROBE_ROUNDS} does not decode`, () => {
    for (const round of [0, MAX_PROBE_ROUNDS + 1]) {
      const bytes = pb.TraceMessage.encode({
        result: {
          ...resultToPb({ requestId: REQUEST_ID, peer: 'p', name: 'n', signature: new Uint8Array(64) }),
          trace: { target: 't', addr: 'a', method: 'icmp', reached: false, durationMs: 0, probesSent: 1, hops: [{ ttl: 1, rtts: [], addrs: [], probes: [{ round }] }] }
        }
      })
      assert.throws(() => decodeMessage(bytes), MalformedMessageError, `round ${round}`)
    }
  })

  it(`a full rounds result over ${DEFAULT_MAX_HOPS} hops (${MAX_PROBES_PER_TRACE} answered probes, longest IPv6 addresses) fits one frame`, async () => {
    // The worst a default-length trace can list: every hop answering all of MAX_PROBE_QUERIES queries (each RTT
    // also in `rtts`), then rounds until the probes-per-trace bound; IPv6 answers carry no reply TTL and are at most
    // 1280 bytes (an ICMPv6 error never exceeds the minimum MTU).
    const addr = 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'
    const discovery = DEFAULT_MAX_HOPS * MAX_PROBE_QUERIES
    const roundProbes = MAX_PROBES_PER_TRACE - discovery
    const trace: MeasuredTrace = {
      target: 'x'.repeat(253), addr, method: 'icmp', reached: true, durationMs: 123456.789, probesSent: MAX_PROBES_PER_TRACE,
      startedAt: 1_999_999_999_999, srcAddr: addr, probeSize: 1232, stop: 'reached',
      hops: Array.from({ length: DEFAULT_MAX_HOPS }, (_, i) => {
        const rounds = Math.floor(roundProbes / DEFAULT_MAX_HOPS) + (i < roundProbes % DEFAULT_MAX_HOPS ? 1 : 0)
        return {
          ttl: i + 1, addr, rtts: Array(MAX_PROBE_QUERIES).fill(1234.567), flag: '!X',
          probes: [
            ...Array.from({ length: MAX_PROBE_QUERIES }, () => ({ addr, rtt: 1234.567, size: 1280 })),
            ...Array.from({ length: rounds }, (_, r) => ({ addr, rtt: 1234.567, size: 1280, round: r + 1 }))
          ]
        }
      })
    }
    assert.equal(trace.hops.reduce((n, hop) => n + (hop.probes?.length ?? 0), 0), MAX_PROBES_PER_TRACE)
    const signed = await auth.signResult({ requestId: REQUEST_ID, peer: auth.self, name: 'n'.repeat(64), trace })
    const bytes = encodeMessage({ type: 'result', result: signed })
    assert.ok(bytes.byteLength <= MAX_MESSAGE_BYTES, `${bytes.byteLength} bytes`)
    assert.deepEqual(decodedResult(bytes).trace, trace)
  })
})
