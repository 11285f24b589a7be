// The selector is part of the signed request, and a self-description is signed by its peer: on the wire and with
// real keys, an altered selector or description fails its check; malformed ones do not decode.

import assert from 'node:assert/strict'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { decodeMessage, encodeMessage, KeyAuthenticator } from '../../src/protocol/index.js'
import { decodeDirectory, encodeDirectory, signDescription, verifyDescription } from '../../src/protocol/description-codec.js'
import { MalformedMessageError } from '../../src/protocol/errors.js'
import type { TraceRequest } from '../../src/model/index.js'

async function signed (auth: KeyAuthenticator): Promise<TraceRequest> {
  return await auth.signRequest({
    id: '01'.repeat(16),
    origin: auth.self,
    target: '192.0.2.1',
    probe: { method: 'icmp', maxHops: 30, firstHop: 1, queries: 3, waitMs: 1000 },
    initialHopBudget: 8,
    hopBudget: 8,
    deadline: 2_000_000_000_000,
    timestamp: 1_999_999_990_000,
    selector: { terms: ['red', 'probe+DE'], limit: 2, chosen: ['12D3KooWa', '12D3KooWb'] }
  })
}

describe('selection signatures', () => {
  it('the direct mark survives the wire and is not signed: an entry may set it on the signed request', async () => {
    const auth = new KeyAuthenticator(await generateKeyPair('Ed25519'))
    const request = await signed(auth)
    const direct = { ...request, hopBudget: 7, direct: true }
    const decoded = decodeMessage(encodeMessage({ type: 'request', request: direct }))
    assert.ok(decoded.type === 'request')
    assert.equal(decoded.request.direct, true)
    assert.equal(await auth.verifyRequest(decoded.request), true)
    // Absent unless set: a flooded copy decodes without it.
    const flooded = decodeMessage(encodeMessage({ type: 'request', request }))
    assert.ok(flooded.type === 'request')
    assert.equal(flooded.request.direct, undefined)
  })

  it('a request\'s selector survives the wire and its signature; any change to it fails the check', async () => {
    const auth = new KeyAuthenticator(await generateKeyPair('Ed25519'))
    const request = await signed(auth)
    const decoded = decodeMessage(encodeMessage({ type: 'request', request }))
    assert.equal(decoded.type, 'request')
    const wire = (decoded as { request: TraceRequest }).request
    assert.deepEqual(wire.selector, request.selector)
    assert.equal(await auth.verifyRequest(wire), true)
    const altered: TraceRequest[] = [
      { ...wire, selector: { terms: ['blue'], limit: 2, chosen: ['12D3KooWa', '12D3KooWb'] } },
      { ...wire, selector: { terms: ['red', 'probe+DE'], limit: 2, chosen: ['12D3KooWa', '12D3KooWc'] } },
      { ...wire, selector: { terms: ['red', 'probe+DE'], limit: 3, chosen: ['12D3KooWa', '12D3KooWb'] } },
      { ...wire, selector: undefined }
    ]
    for (const request of altered) assert.equal(await auth.verifyRequest(request), false, JSON.stringify(request.selector))
  })

  it('a selector out of bounds does not decode', () => {
    const request = {
      id: '01'.repeat(16), origin: 'x', target: 't', probe: { method: 'icmp' as const, maxHops: 1, firstHop: 1, queries: 1, waitMs: 1 },
      initialHopBudget: 1, hopBudget: 1, deadline: 2, timestamp: 1, signature: new Uint8Array([1])
    }
    for (const selector of [{ terms: [] }, { terms: ['a'], limit: 1, chosen: ['p', 'q'] }, { terms: Array.from({ length: 17 }, () => 'a') }]) {
      assert.throws(() => decodeMessage(encodeMessage({ type: 'request', request: { ...request, selector } })), MalformedMessageError)
    }
  })

  it('a selector string that is not valid UTF-8 does not decode (it would not re-encode to its bytes)', () => {
    const request = {
      id: '01'.repeat(16), origin: 'x', target: 't', probe: { method: 'icmp' as const, maxHops: 1, firstHop: 1, queries: 1, waitMs: 1 },
      initialHopBudget: 1, hopBudget: 1, deadline: 2, timestamp: 1, signature: new Uint8Array([1])
    }
    // ED A0 80 is a UTF-16 surrogate written as UTF-8: the protobuf reader turns it into a lone surrogate (the
    // decoder fuzz drew such a chosen peer id). Three placeholder bytes of the same length stand in for it.
    const withBadBytes = (selector: { terms: string[], limit?: number, chosen?: string[] }): Uint8Array => {
      const bytes = encodeMessage({ type: 'request', request: { ...request, selector } }).subarray()
      const at = Buffer.from(bytes).indexOf('~~~')
      assert.notEqual(at, -1)
      bytes.set([0xed, 0xa0, 0x80], at)
      return bytes
    }
    for (const selector of [{ terms: ['a'], limit: 1, chosen: ['p~~~'] }, { terms: ['a~~~'] }]) {
      assert.throws(() => decodeMessage(withBadBytes(selector)), (err: Error) =>
        err instanceof MalformedMessageError && /not valid UTF-8/.test(err.message))
    }
  })

  it('a description checks against its peer id only as signed', async () => {
    const key = await generateKeyPair('Ed25519')
    const d = await signDescription(key, { name: 'ber-1', tags: ['probe'], country: 'DE', city: 'Berlin', asn: 3320, families: ['ipv4'], version: '0.1.0', timestamp: 1_700_000_000_000 })
    const [back] = decodeDirectory(encodeDirectory([d]))
    assert.ok(back !== undefined)
    assert.deepEqual({ ...back, signature: undefined }, { ...d, signature: undefined })
    assert.equal(await verifyDescription(back), true)
    for (const forged of [{ ...back, tags: ['probe', 'extra'] }, { ...back, country: 'FR' }, { ...back, timestamp: back.timestamp + 1 }, { ...back, name: 'x' }]) {
      assert.equal(await verifyDescription(forged), false)
    }
    const other = await signDescription(await generateKeyPair('Ed25519'), { name: 'ber-1', tags: [], families: ['ipv4'], version: '0.1.0', timestamp: 1 })
    assert.equal(await verifyDescription({ ...back, signature: other.signature }), false)
  })

  it('a directory with a malformed description does not decode', () => {
    const bad = { peer: 'p', name: 'n', tags: ['a,b'], families: ['ipv4' as const], version: 'v', timestamp: 1, signature: new Uint8Array([1]) }
    assert.throws(() => decodeDirectory(encodeDirectory([bad])), MalformedMessageError)
    assert.throws(() => decodeDirectory(encodeDirectory([{ ...bad, tags: [], country: 'DEU' }])), MalformedMessageError)
  })
})
