// Per-probe records, the start time, the source address and the probe size on the wire: they survive encode,
// decode and the signature check, a result from a peer that predates them decodes without them, and a hop listing
// more probes than the bound is refused.

import '../../src/polyfill.js'
import assert from 'node:assert/strict'
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import type { MeasuredTrace, VantageResult } from '../../src/overlay/types.js'
import { decodeMessage, encodeMessage, KeyAuthenticator, MalformedMessageError } from '../../src/protocol/index.js'
import { resultToPb } from '../../src/protocol/codec.js'
import { MAX_PROBES_PER_HOP } from '../../src/model/limits.js'
import * as pb from '../../src/protocol/pb/trace.js'

const REQUEST_ID = '0123456789abcdef0123456789abcdef'

const measured: MeasuredTrace = {
  target: 'example.org',
  addr: '198.51.100.7',
  method: 'udp',
  startedAt: 1_700_000_000_123,
  srcAddr: '192.0.2.10',
  probeSize: 20,
  reached: true,
  stop: 'reached',
  durationMs: 812.5,
  probesSent: 6,
  hops: [
    {
      ttl: 1,
      addr: '10.0.0.1',
      rtts: [0.4, 0.5],
      probes: [{ addr: '10.0.0.1', rtt: 0.4, replyTtl: 64, size: 56 }, { addr: null }, { addr: '10.0.0.1', rtt: 0.5, replyTtl: 64, size: 56 }]
    },
    { ttl: 2, addr: null, rtts: [], probes: [{ addr: null }, { addr: null }] },
    { ttl: 3, addr: '198.51.100.7', rtts: [4.1], probes: [{ addr: '198.51.100.7', rtt: 4.1, replyTtl: 62, size: 76 }] }
  ]
}

function decodedResult (bytes: Uint8Array): VantageResult {
  const message = decodeMessage(bytes)
  assert.equal(message.type, 'result')
  return message.result
}

describe('per-probe records on the wire', () => {
  let auth: KeyAuthenticator
  before(async () => {
    auth = new KeyAuthenticator(await generateKeyPairFromSeed('Ed25519', new Uint8Array(32).fill(7)))
  })

  it('carries every probe, the start time, source address and probe size; the signature covers them', async () => {
    const signed = await auth.signResult({ requestId: REQUEST_ID, peer: auth.self, name: 'site', trace: measured })
    const decoded = decodedResult(encodeMessage({ type: 'result', result: signed }))
    assert.deepEqual(decoded.trace, measured)
    assert.equal(await auth.verifyResult(decoded), true)
    const lostTurnedAnswered = structuredClone(measured)
    lostTurnedAnswered.hops[1].probes = [{ addr: '10.6.6.6', rtt: 1 }, { addr: null }]
    assert.equal(await auth.verifyResult({ ...decoded, trace: lostTurnedAnswered }), false)
    assert.equal(await auth.verifyResult({ ...decoded, trace: { ...measured, srcAddr: '192.0.2.66' } }), false)
    assert.equal(await auth.verifyResult({ ...decoded, trace: { ...measured, startedAt: 1 } }), false)
  })

  it('a result from a peer that predates them decodes without them', async () => {
    const old: MeasuredTrace = {
      ...measured, startedAt: undefined, srcAddr: undefined, probeSize: undefined,
      hops: measured.hops.map(({ probes: _, ...hop }) => hop)
    }
    delete old.startedAt
    delete old.srcAddr
    delete old.probeSize
    const decoded = decodedResult(encodeMessage({ type: 'result', result: { requestId: REQUEST_ID, peer: auth.self, name: 'old', trace: old, signature: new Uint8Array(64) } }))
    assert.deepEqual(decoded.trace, old)
    assert.equal('startedAt' in (decoded.trace ?? {}), false)
    assert.equal(decoded.trace?.hops.some(h => 'probes' in h), false)
  })

  it(`refuses a hop with more than ${MAX_PROBES_PER_HOP} probes`, () => {
    const result = { requestId: REQUEST_ID, peer: auth.self, name: 'x', signature: new Uint8Array(64) }
    const probes = (n: number): MeasuredTrace => ({ ...measured, hops: [{ ttl: 1, addr: null, rtts: [], probes: Array(n).fill({ addr: null }) }] })
    const at = pb.TraceMessage.encode({ result: resultToPb({ ...result, trace: probes(MAX_PROBES_PER_HOP) }) })
    assert.equal(decodedResult(at).trace?.hops[0].probes?.length, MAX_PROBES_PER_HOP)
    const over = pb.TraceMessage.encode({ result: resultToPb({ ...result, trace: probes(MAX_PROBES_PER_HOP + 1) }) })
    assert.throws(() => decodeMessage(over), MalformedMessageError)
  })
})
