// What the decoder fuzz starts from: valid encodings of every message kind (request, rejoin, result with a trace
// or an error, end; a peer list), and well-formed protobufs that break one bound each (too many hops, RTTs, addresses,
// failures; strings too long; numbers out of range; an unknown stop reason), which a hostile peer could build with
// any protobuf library.

import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { multiaddr } from '@multiformats/multiaddr'
import type { MeasuredTrace, OverlayMessage } from '../../src/overlay/types.js'
import {
  encodeMessage, KeyAuthenticator, MAX_ADDRS_PER_HOP, MAX_ENTRY_ADDRS, MAX_ERROR_LENGTH, MAX_FAILURES_PER_END,
  MAX_HOPS_PER_RESULT, MAX_MULTIADDR_LENGTH, MAX_PEER_ID_LENGTH, MAX_RTTS_PER_HOP, MAX_SIGNATURE_BYTES,
  MAX_TARGET_LENGTH, REQUEST_ID_BYTES
} from '../../src/protocol/index.js'
import { MAX_SELECTION_LIMIT, MAX_SELECTOR_TERMS, MAX_SELECTOR_TERM_LENGTH } from '../../src/model/limits.js'
import { requestToPb, resultToPb } from '../../src/protocol/codec.js'
import * as pb from '../../src/protocol/pb/trace.js'
import * as peers from '../../src/protocol/pb/peers.js'
import type { Prng } from '../random/seeded-random.js'

/** Length-delimited paths into TraceMessage (request; request.probe; result; result.trace; a hop; result.error;
 * end; a failure; rejoin; rejoin.probe), so garbage placed there reaches every message type of the schema. */
export const TRACE_MESSAGE_PATHS = [[], [1], [1, 4], [1, 20], [2], [2, 4], [2, 4, 7], [2, 5], [3], [3, 2], [4], [4, 4]]

export interface TraceSamples {
  /** Valid encodings of TraceMessage, each of which decodeMessage accepts. */
  valid: Uint8Array[]
  /** Well-formed protobuf, every one out of some bound: decodeMessage must refuse each. */
  outOfBounds: (prng: Prng) => Uint8Array
}

/** A fixed clock: the samples, and so every mutation of them, are the same on every run for one seed. */
const SAMPLE_TIME_MS = 1_750_000_000_000

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')

/** An authenticator whose key comes from the fuzz PRNG. */
async function seededAuthenticator (prng: Prng): Promise<KeyAuthenticator> {
  return new KeyAuthenticator(await generateKeyPairFromSeed('Ed25519', prng.bytes(32)))
}

function trace (hops: number, rtts: number, addrs: number): MeasuredTrace {
  return {
    target: 'example.org',
    addr: '198.51.100.7',
    method: 'udp',
    reached: true,
    durationMs: 1234.5,
    probesSent: hops * rtts,
    hops: Array.from({ length: hops }, (_, i) => ({
      ttl: i + 1,
      addr: i % 7 === 3 ? null : `198.51.100.${i % 250}`,
      rtts: Array.from({ length: rtts }, (_, j) => 0.25 + i + j / 10),
      ...(i % 5 === 4 ? { flag: '!H' } : {}),
      ...(addrs > 0 && i % 3 === 0 ? { addrs: Array.from({ length: addrs }, (_, j) => `2001:db8::${j.toString(16)}`) } : {})
    }))
  }
}

export async function traceSamples (prng: Prng): Promise<TraceSamples> {
  const auth = await seededAuthenticator(prng)
  const now = SAMPLE_TIME_MS
  const request = await auth.signRequest({
    id: hex(prng.bytes(REQUEST_ID_BYTES)),
    origin: auth.self,
    target: '198.51.100.7',
    probe: { method: 'icmp', maxHops: 30, firstHop: 1, queries: 3, waitMs: 1000 },
    initialHopBudget: 8,
    hopBudget: 6,
    deadline: now + 20_000,
    timestamp: now
  })
  const longRequest = await auth.signRequest({
    ...request,
    id: hex(prng.bytes(REQUEST_ID_BYTES)),
    target: `${'a'.repeat(61)}.`.repeat(4).slice(0, MAX_TARGET_LENGTH),
    probe: { ...request.probe, method: 'udp' },
    entry: auth.self
  })
  const stamped = {
    ...longRequest,
    entryAddrs: Array.from({ length: MAX_ENTRY_ADDRS }, (_, i) => `/ip4/198.18.${i}.1/tcp/4001/p2p/${auth.self}`)
  }
  const selected = await auth.signRequest({
    ...request,
    id: hex(prng.bytes(REQUEST_ID_BYTES)),
    selector: { terms: ['probe', 'DE+AS3320', 'New York'], limit: 3, chosen: [auth.self] }
  })
  const result = await auth.signResult({ requestId: request.id, peer: auth.self, name: 'site-1', trace: trace(30, 3, 3) })
  const fullResult = await auth.signResult({
    requestId: request.id, peer: auth.self, name: 'x'.repeat(64), trace: { ...trace(MAX_HOPS_PER_RESULT, MAX_RTTS_PER_HOP, 2), stop: 'max-hops' }
  })
  const cutOffResult = await auth.signResult({
    requestId: request.id, peer: auth.self, name: 'site-3', trace: { ...trace(4, 3, 0), reached: false, stop: 'deadline' }
  })
  const errorResult = await auth.signResult({
    requestId: request.id,
    peer: auth.self,
    name: 'site-2',
    error: { code: 'ERR_TARGET_POLICY', message: 'target policy refused 10.0.0.1: private range' }
  })
  const failures = (n: number): Array<{ peer: string, reason: string }> =>
    Array.from({ length: n }, (_, i) => ({ peer: auth.self, reason: `ERR_TIMEOUT: link ${i} timed out` }))
  const messages: OverlayMessage[] = [
    { type: 'request', request },
    { type: 'request', request: longRequest },
    { type: 'request', request: stamped },
    { type: 'request', request: selected },
    { type: 'rejoin', request: stamped },
    { type: 'result', result },
    { type: 'result', result: fullResult },
    { type: 'result', result: cutOffResult },
    { type: 'result', result: errorResult },
    { type: 'end', end: { requestId: request.id, failures: failures(40) } },
    { type: 'end', end: { requestId: request.id, failures: [], duplicate: true } }
  ]
  const requestPb = requestToPb(request)
  const resultPb = resultToPb(result)
  const minimalHop = { ttl: 1, rtts: [], addrs: [] }
  const breakers: Array<(prng: Prng) => pb.TraceMessage> = [
    prng => ({ result: { ...resultPb, trace: { ...resultPb.trace!, hops: Array(prng.int(MAX_HOPS_PER_RESULT + 1, 16_000)).fill(minimalHop) } } }),
    prng => ({ result: { ...resultPb, trace: { ...resultPb.trace!, hops: [{ ...minimalHop, rtts: Array(prng.int(MAX_RTTS_PER_HOP + 1, 7000)).fill(1) }] } } }),
    prng => ({ result: { ...resultPb, trace: { ...resultPb.trace!, hops: [{ ...minimalHop, addrs: Array(prng.int(MAX_ADDRS_PER_HOP + 1, 16_000)).fill('') }] } } }),
    prng => ({ result: { ...resultPb, trace: { ...resultPb.trace!, hops: [{ ...minimalHop, rtts: [prng.pick([NaN, Infinity, -Infinity])] }] } } }),
    prng => ({ result: { ...resultPb, trace: { ...resultPb.trace!, durationMs: prng.pick([NaN, Infinity, -Infinity]) } } }),
    prng => ({ result: { ...resultPb, trace: { ...resultPb.trace!, hops: [{ ...minimalHop, addr: 'a'.repeat(prng.int(65, 60_000)) }] } } }),
    prng => ({ result: { ...resultPb, trace: { ...resultPb.trace!, hops: [{ ...minimalHop, flag: '!'.repeat(prng.int(9, 1000)) }] } } }),
    prng => ({ result: { ...resultPb, trace: { ...resultPb.trace!, stop: prng.pick(['', 'Deadline', 'cut-off', 'x'.repeat(10_000)]) } } }),
    () => ({ result: { ...resultPb, error: { code: 'ERR_X', message: 'both a trace and an error' } } }),
    () => ({ result: { ...resultPb, trace: undefined } }),
    prng => ({ result: { ...resultPb, error: { code: 'ERR_X', message: 'm'.repeat(prng.int(MAX_ERROR_LENGTH + 1, 60_000)) }, trace: undefined } }),
    () => ({ result: { ...resultPb, error: { code: '', message: 'empty code' }, trace: undefined } }),
    prng => ({ result: { ...resultPb, name: 'n'.repeat(prng.int(65, 60_000)) } }),
    () => ({ result: { ...resultPb, peer: '' } }),
    prng => ({ end: { requestId: requestPb.id, failures: Array(prng.int(MAX_FAILURES_PER_END + 1, 16_000)).fill({ peer: '', reason: '' }), duplicate: false } }),
    prng => ({ end: { requestId: requestPb.id, failures: [{ peer: 'p'.repeat(prng.int(129, 60_000)), reason: '' }], duplicate: false } }),
    prng => ({ request: { ...requestPb, target: 't'.repeat(prng.int(MAX_TARGET_LENGTH + 1, 60_000)) } }),
    () => ({ request: { ...requestPb, target: '' } }),
    prng => ({ request: { ...requestPb, origin: 'o'.repeat(prng.int(129, 60_000)) } }),
    prng => ({ request: { ...requestPb, id: prng.bytes(prng.pick([0, 1, 15, 17, 32, 1000])) as Uint8Array<ArrayBuffer> } }),
    prng => ({ request: { ...requestPb, signature: prng.bytes(prng.pick([0, MAX_SIGNATURE_BYTES + 1, 60_000])) as Uint8Array<ArrayBuffer> } }),
    prng => ({ request: { ...requestPb, deadline: BigInt(Number.MAX_SAFE_INTEGER) + BigInt(prng.int(1, 1000)) } }),
    () => ({ request: { ...requestPb, timestamp: 2n ** 64n - 1n } }),
    prng => ({ request: { ...requestPb, probe: { ...requestPb.probe!, method: prng.pick(['', 'sctp', 'ICMP', 'x'.repeat(10_000)]) } } }),
    () => ({ request: { ...requestPb, probe: undefined } }),
    prng => ({ request: { ...requestPb, entry: 'e'.repeat(prng.int(MAX_PEER_ID_LENGTH + 1, 60_000)) } }),
    () => ({ rejoin: { ...requestPb, entry: '' } }),
    prng => ({ rejoin: { ...requestPb, entryAddrs: Array(prng.int(MAX_ENTRY_ADDRS + 1, 16_000)).fill('/') } }),
    prng => ({ request: { ...requestPb, entryAddrs: ['a'.repeat(prng.int(MAX_MULTIADDR_LENGTH + 1, 60_000))] } }),
    () => ({ request: { ...requestPb, entryAddrs: [''] } }),
    prng => ({ request: { ...requestPb, selector: { terms: Array(prng.int(MAX_SELECTOR_TERMS + 1, 16_000)).fill('a'), chosen: [] } } }),
    prng => ({ request: { ...requestPb, selector: { terms: ['t'.repeat(prng.int(MAX_SELECTOR_TERM_LENGTH + 1, 60_000))], chosen: [] } } }),
    prng => ({ request: { ...requestPb, selector: { terms: ['a'], limit: prng.pick([0, MAX_SELECTION_LIMIT + 1, 2 ** 32 - 1]), chosen: [] } } }),
    prng => ({ request: { ...requestPb, selector: { terms: ['a'], limit: 1, chosen: Array(prng.int(2, 16_000)).fill('p') } } }),
    () => ({ request: { ...requestPb, selector: { terms: [], chosen: [] } } }),
    () => ({ request: requestPb, rejoin: requestPb }),
    () => ({}),
    () => ({ request: requestPb, result: resultPb }),
    () => ({ request: requestPb, result: resultPb, end: { requestId: requestPb.id, failures: [], duplicate: false } })
  ]
  return {
    valid: messages.map(encodeMessage),
    outOfBounds: prng => pb.TraceMessage.encode(prng.pick(breakers)(prng))
  }
}

export interface PeerListSamples {
  valid: Uint8Array[]
  /** Well-formed lists far larger than any peer sends (the decoder has no count limits: membership slices). */
  huge: (prng: Prng) => Uint8Array
}

export async function peerListSamples (prng: Prng): Promise<PeerListSamples> {
  const ids: string[] = []
  for (let i = 0; i < 32; i++) ids.push((await seededAuthenticator(prng)).self)
  const record = (peer: string, i: number): peers.PeerRecord => ({
    id: peer,
    addrs: Array.from({ length: 8 }, (_, j) => multiaddr(`/ip4/198.18.${i}.${j + 1}/tcp/4001/p2p/${peer}`).bytes as Uint8Array<ArrayBuffer>)
  })
  const lists: peers.PeerList[] = [
    { peers: [] },
    { peers: [record(ids[0]!, 0)] },
    { peers: ids.map(record) }
  ]
  const empty: peers.PeerRecord = { id: '', addrs: [] }
  const builders: Array<(prng: Prng) => peers.PeerList> = [
    prng => ({ peers: Array(prng.int(33, 8_000)).fill(empty) }),
    prng => ({ peers: [{ id: ids[1]!, addrs: Array(prng.int(9, 8_000)).fill(new Uint8Array(0)) }] }),
    prng => ({ peers: [{ id: 'i'.repeat(prng.int(129, 60_000)), addrs: [] }] }),
    prng => ({ peers: [{ id: ids[2]!, addrs: [prng.bytes(prng.int(1, 60_000)) as Uint8Array<ArrayBuffer>] }] })
  ]
  return {
    valid: lists.map(list => peers.PeerList.encode(list)),
    huge: prng => peers.PeerList.encode(prng.pick(builders)(prng))
  }
}
