// The tcp method's request and result fields on the wire: a request's probe port survives encode, decode and the
// origin's signature (an altered port fails the check), a request without one decodes without one (an older
// requester: the engine's default per method), a port out of 1..65535 is refused before anything is spent on it;
// and the target's TCP flags in a result are signed and bounded.

import '../../src/polyfill.js'
import assert from 'node:assert/strict'
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import type { MeasuredTrace, TraceRequest } from '../../src/model/index.js'
import { MAX_FLAG_LENGTH, decodeMessage, encodeMessage, KeyAuthenticator, MalformedMessageError } from '../../src/protocol/index.js'
import { requestProblem, type RequestLimits } from '../../src/overlay/request-validation.js'

const NOW = 1_999_999_990_000
const LIMITS: RequestLimits = { maxHopBudget: 16, maxClockSkewMs: 30_000, maxDeadlineMs: 120_000, cutoffMarginMs: 1000 }

describe('the tcp method on the wire: probe port and TCP flags', () => {
  let auth: KeyAuthenticator
  before(async () => {
    auth = new KeyAuthenticator(await generateKeyPairFromSeed('Ed25519', new Uint8Array(32).fill(9)))
  })

  async function signed (port?: number): Promise<TraceRequest> {
    return await auth.signRequest({
      id: '02'.repeat(16),
      origin: auth.self,
      target: '192.0.2.1',
      probe: { method: 'tcp', maxHops: 30, firstHop: 1, queries: 3, waitMs: 1000, ...(port === undefined ? {} : { port }) },
      initialHopBudget: 8,
      hopBudget: 8,
      deadline: NOW + 60_000,
      timestamp: NOW
    })
  }

  function overWire (request: TraceRequest): TraceRequest {
    const decoded = decodeMessage(encodeMessage({ type: 'request', request }))
    assert.equal(decoded.type, 'request')
    return (decoded as { request: TraceRequest }).request
  }

  it('a tcp request\'s port survives the wire and is signed: another port fails the check', async () => {
    const wire = overWire(await signed(443))
    assert.deepEqual(wire.probe, { method: 'tcp', maxHops: 30, firstHop: 1, queries: 3, waitMs: 1000, port: 443 })
    assert.equal(await requestProblem(wire, LIMITS, auth, NOW), undefined)
    assert.equal(await requestProblem({ ...wire, probe: { ...wire.probe, port: 80 } }, LIMITS, auth, NOW), 'bad signature')
    const { port: _, ...without } = wire.probe
    assert.equal(await requestProblem({ ...wire, probe: without }, LIMITS, auth, NOW), 'bad signature')
  })

  it('a request without a port (an older requester) decodes without one and is valid', async () => {
    const wire = overWire(await signed())
    assert.equal('port' in wire.probe, false)
    assert.equal(await requestProblem(wire, LIMITS, auth, NOW), undefined)
  })

  it('a port out of 1..65535 is refused before the signature is checked', async () => {
    for (const port of [0, 65_536, 2 ** 32 - 1]) {
      const wire = overWire(await signed(port))
      assert.equal(await requestProblem(wire, LIMITS, auth, NOW), 'probe port is not in 1..65535', String(port))
    }
    assert.equal(await requestProblem(overWire(await signed(65_535)), LIMITS, auth, NOW), undefined)
  })

  it('a result\'s TCP flags survive the wire and the signature; longer than the flag bound, they do not decode', async () => {
    const trace: MeasuredTrace = {
      target: '192.0.2.1', addr: '192.0.2.1', method: 'tcp', reached: true, stop: 'reached', durationMs: 3, probesSent: 2,
      hops: [{ ttl: 1, addr: '192.0.2.1', rtts: [1, 2], probes: [{ addr: '192.0.2.1', rtt: 1, tcpFlags: 'SA' }, { addr: '192.0.2.1', rtt: 2, tcpFlags: 'RA' }] }]
    }
    const result = await auth.signResult({ requestId: '02'.repeat(16), peer: auth.self, name: 'site', trace })
    const decoded = decodeMessage(encodeMessage({ type: 'result', result }))
    assert.equal(decoded.type, 'result')
    const wire = (decoded as { result: typeof result }).result
    assert.deepEqual(wire.trace, trace)
    assert.equal(await auth.verifyResult(wire), true)
    const forged = structuredClone(trace)
    forged.hops[0].probes![1].tcpFlags = 'SA'
    assert.equal(await auth.verifyResult({ ...wire, trace: forged }), false)
    const long = structuredClone(trace)
    long.hops[0].probes![0].tcpFlags = 'S'.repeat(MAX_FLAG_LENGTH + 1)
    assert.throws(() => decodeMessage(encodeMessage({ type: 'result', result: { ...result, trace: long } })), MalformedMessageError)
  })
})
