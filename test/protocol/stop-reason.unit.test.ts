// A trace's stop reason on the wire: every known reason survives encode, decode and the signature check; a result
// from a peer that predates the field decodes (and verifies) as before, with no stop; an unknown reason is refused.

import '../../src/polyfill.js'
import assert from 'node:assert/strict'
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import type { MeasuredTrace, VantageResult } from '../../src/overlay/types.js'
import { decodeMessage, encodeMessage, KeyAuthenticator, MalformedMessageError, STOP_REASONS } from '../../src/protocol/index.js'
import { resultToPb } from '../../src/protocol/codec.js'
import * as pb from '../../src/protocol/pb/trace.js'

const REQUEST_ID = '0123456789abcdef0123456789abcdef'

const partial: MeasuredTrace = {
  target: 'example.org',
  addr: '198.51.100.7',
  method: 'icmp',
  reached: false,
  durationMs: 812.5,
  probesSent: 7,
  hops: [{ ttl: 1, addr: '10.0.0.1', rtts: [0.4, 0.5, 0.4] }, { ttl: 2, addr: null, rtts: [] }, { ttl: 3, addr: '10.9.0.1', rtts: [4.1] }],
  stop: 'deadline'
}

function decodedResult (bytes: Uint8Array): VantageResult {
  const message = decodeMessage(bytes)
  assert.equal(message.type, 'result')
  return message.result
}

describe('trace stop reason on the wire', () => {
  let auth: KeyAuthenticator
  before(async () => {
    auth = new KeyAuthenticator(await generateKeyPairFromSeed('Ed25519', new Uint8Array(32).fill(9)))
  })

  it('knows exactly the six reasons of the README', () => {
    assert.deepEqual([...STOP_REASONS], ['reached', 'unreachable', 'gap', 'loop', 'max-hops', 'deadline'])
  })

  it('carries every reason through encode and decode, and the signature covers it', async () => {
    for (const stop of STOP_REASONS) {
      const signed = await auth.signResult({ requestId: REQUEST_ID, peer: auth.self, name: 'site', trace: { ...partial, stop } })
      const decoded = decodedResult(encodeMessage({ type: 'result', result: signed }))
      assert.deepEqual(decoded.trace, signed.trace)
      assert.equal(await auth.verifyResult(decoded), true, stop)
      // A relay that changed the reason would break the signature.
      const other = STOP_REASONS.find(s => s !== stop) ?? 'reached'
      assert.equal(await auth.verifyResult({ ...decoded, trace: { ...partial, stop: other } }), false, `${stop} -> ${other}`)
    }
  })

  it('decodes a result from a peer that predates the field: no stop, and its signature still checks', async () => {
    const { stop: _, ...old } = partial
    const signed = await auth.signResult({ requestId: REQUEST_ID, peer: auth.self, name: 'old', trace: old })
    const bytes = encodeMessage({ type: 'result', result: signed })
    // What an old peer sends: field 8 of MeasuredTrace is not there at all.
    assert.equal(pb.TraceMessage.decode(bytes).result?.trace?.stop, undefined)
    const decoded = decodedResult(bytes)
    assert.equal('stop' in (decoded.trace ?? {}), false)
    assert.deepEqual(decoded.trace, old)
    assert.equal(await auth.verifyResult(decoded), true)
  })

  it('refuses a reason it does not know', async () => {
    const signed = await auth.signResult({ requestId: REQUEST_ID, peer: auth.self, name: 'site', trace: partial })
    const wire = resultToPb(signed)
    for (const stop of ['', 'Deadline', 'timeout', 'x'.repeat(300)]) {
      const bytes = pb.TraceMessage.encode({ result: { ...wire, trace: { ...wire.trace!, stop } } })
      assert.throws(() => decodeMessage(bytes), (err: Error) => err instanceof MalformedMessageError && /unknown stop reason/.test(err.message), JSON.stringify(stop.slice(0, 20)))
    }
  })
})
