// Fuzzes the four wire decoders a remote peer can reach, for a fixed budget of seeded cases: decodeMessage (every
// trace-protocol frame), PeerList.decode (peer exchange), decodeHistoryCall (the history protocol's query) and
// decodeDirectory (the directory's descriptions). Random bytes, truncations, bit flips and byte edits
// of valid encodings, wrong wire types, protobuf garbage inside each level of the schema, deep nesting, huge
// repeated fields, oversized input. decodeMessage may only throw MalformedMessageError, and what it returns is
// within every bound and re-encodes to itself; PeerList.decode may only throw the protobuf reader's own errors.

import '../../src/polyfill.js'
import assert from 'node:assert/strict'
import { decodeMessage, encodeMessage, MalformedMessageError, MAX_MESSAGE_BYTES } from '../../src/protocol/index.js'
import * as peers from '../../src/protocol/pb/peers.js'
import { decodeHistoryCall, encodeHistoryCall, type HistoryCall } from '../../src/protocol/history-codec.js'
import { MAX_DIRECTORY_BYTES, MAX_DIRECTORY_ENTRIES, MAX_HISTORY_QUERY_BYTES, MAX_PEER_LIST_BYTES } from '../../src/protocol/constants.js'
import { decodeDirectory, encodeDirectory } from '../../src/protocol/description-codec.js'
import * as describe_ from '../../src/protocol/pb/describe.js'
import { ADDRESS_FAMILIES, labelsProblem, type VantageDescription } from '../../src/model/vantage-description.js'
import { concat } from 'uint8arrays'
import { varint } from '../node/raw-frames.js'
import { assertDecodedWithinBounds } from './decoded-bounds.js'
import {
  deepNesting, editBytes, flipBits, fuzzSeed, nestIn, protobufGarbage, randomBytes, rewireField, truncate
} from './fuzz-input.js'
import { Prng } from '../random/seeded-random.js'
import { TRACE_MESSAGE_PATHS, peerListSamples, traceSamples } from './wire-samples.js'

const CASES_PER_DECODER = 20_000
/** Five times the slowest decoder's loaded time seen (52 s), so that only a hang ends a test. */
const FUZZ_HANG_GUARD_MS = 300_000
const PEER_LIST_PATHS = [[], [1]]
/** What protons-runtime's reader throws for bytes it cannot read (reader.js), and V8 for a nesting too deep. */
const READER_ERROR = /^(index out of range|invalid wire type|invalid varint encoding|Maximum call stack size exceeded)/

type Strategy = 'valid' | 'random' | 'truncated' | 'bit-flipped' | 'byte-edited' | 'wrong-wire-type' | 'garbage' |
  'deep-nesting' | 'huge-repeated' | 'oversized'

/** How often each strategy is drawn, out of the sum. */
const WEIGHTS: Array<[Strategy, number]> = [
  ['valid', 3], ['random', 14], ['truncated', 14], ['bit-flipped', 20], ['byte-edited', 10], ['wrong-wire-type', 10],
  ['garbage', 16], ['deep-nesting', 2], ['huge-repeated', 8], ['oversized', 2]
]

interface Tally { cases: number, decoded: number, rejected: number, ms: number }

interface FuzzReport {
  seed: number
  cases: number
  decoded: number
  rejected: number
  crashes: Array<{ index: number, strategy: Strategy, error: string, input: string }>
  byStrategy: Map<Strategy, Tally>
  wallMs: number
}

interface DecoderUnderTest {
  valid: Uint8Array[]
  huge: (prng: Prng) => Uint8Array
  paths: number[][]
  maxBytes: number
  /** Decodes and checks what came out; throws whatever the decoder throws. */
  decode: (input: Uint8Array) => void
  /** Whether an error thrown by the decoder is one it is allowed to throw. */
  expected: (err: unknown) => boolean
}

function drawStrategy (prng: Prng): Strategy {
  const total = WEIGHTS.reduce((sum, [, w]) => sum + w, 0)
  let at = prng.int(1, total)
  for (const [strategy, weight] of WEIGHTS) {
    at -= weight
    if (at <= 0) return strategy
  }
  return 'random'
}

function input (prng: Prng, strategy: Strategy, target: DecoderUnderTest): Uint8Array {
  const valid = (): Uint8Array => prng.pick(target.valid)
  switch (strategy) {
    case 'valid': return valid()
    case 'random': return randomBytes(prng)
    case 'truncated': return truncate(prng, valid())
    case 'bit-flipped': return flipBits(prng, valid())
    case 'byte-edited': return editBytes(prng, valid())
    case 'wrong-wire-type': return rewireField(prng, valid())
    case 'garbage': return nestIn(protobufGarbage(prng), prng.pick(target.paths))
    case 'deep-nesting': return nestIn(deepNesting(prng), prng.pick(target.paths))
    case 'huge-repeated': return target.huge(prng)
    case 'oversized': {
      const length = prng.int(target.maxBytes + 1, 2 * target.maxBytes)
      const base = prng.chance(0.5) ? valid() : new Uint8Array(0)
      // A valid message padded with an unknown length-delimited field (99) up to the size.
      const padding = prng.bytes(Math.max(0, length - base.length - 4))
      return concat([base, varint(99 * 8 + 2), varint(padding.length), padding])
    }
  }
}

function fuzz (target: DecoderUnderTest, seed: number): FuzzReport {
  const prng = new Prng(seed)
  const report: FuzzReport = {
    seed, cases: 0, decoded: 0, rejected: 0, crashes: [], byStrategy: new Map(WEIGHTS.map(([s]) => [s, { cases: 0, decoded: 0, rejected: 0, ms: 0 }])), wallMs: 0
  }
  const started = performance.now()
  for (let index = 0; index < CASES_PER_DECODER; index++) {
    const strategy = drawStrategy(prng)
    const caseStarted = performance.now()
    const bytes = input(prng, strategy, target)
    const tally = report.byStrategy.get(strategy)!
    report.cases++
    tally.cases++
    try {
      target.decode(bytes)
      report.decoded++
      tally.decoded++
    } catch (err) {
      if (target.expected(err)) {
        report.rejected++
        tally.rejected++
      } else {
        report.crashes.push({
          index, strategy, error: (err as Error)?.stack ?? String(err), input: Buffer.from(bytes.subarray(0, 256)).toString('hex')
        })
      }
    }
    tally.ms += performance.now() - caseStarted
  }
  report.wallMs = performance.now() - started
  return report
}

function print (name: string, report: FuzzReport): void {
  const rows = [...report.byStrategy].map(([s, t]) => `${s} ${t.cases}/${t.decoded}/${t.rejected} ${Math.round(t.ms)} ms`).join(', ')
  console.log(`      ${name}: seed ${report.seed} (0x${report.seed.toString(16)}): ${report.cases} cases, ` +
    `${report.decoded} decoded, ${report.rejected} rejected, ${report.crashes.length} crashes, ` +
    `${Math.round(report.wallMs)} ms\n        per strategy (cases/decoded/rejected, time): ${rows}`)
}

/** `sizeBound`: the decoder itself refuses input over its size bound (decodeMessage does; a peer list is bounded by
 * its frame reader, MAX_PEER_LIST_BYTES, before PeerList.decode sees it). */
function assertClean (report: FuzzReport, sizeBound: boolean): void {
  // Every case runs, however long they take (the times are reported, not asserted): the same seed, the same cases.
  assert.equal(report.cases, CASES_PER_DECODER)
  assert.deepEqual(report.crashes.slice(0, 3), [], `${report.crashes.length} unexpected errors (first 3 shown)`)
  assert.equal(report.decoded + report.rejected, report.cases)
  // Every strategy was exercised, and each rejects-only strategy never decoded.
  for (const [strategy, tally] of report.byStrategy) assert.ok(tally.cases > 0, `no ${strategy} case drawn`)
  assert.equal(report.byStrategy.get('valid')!.rejected, 0, 'every valid encoding decodes')
  if (sizeBound) assert.equal(report.byStrategy.get('oversized')!.decoded, 0, 'nothing over the size bound decodes')
}

describe('security: decoder fuzz', function () {
  // 20000 cases a decoder is CPU work: decodeMessage's take 3.6 s on an idle machine, 42-52 s beside the loaded
  // suite, and one took past 60 s there (session 24). The timeout is a hang guard, not a bound on the decoders: a
  // tighter one makes the outcome depend on the load.
  this.timeout(FUZZ_HANG_GUARD_MS)
  const seed = fuzzSeed()

  before(function () {
    console.log(`      fuzz seed ${seed} (set PEERTRACE_FUZZ_SEED or SEED to repeat or vary it)`)
  })

  it(`decodeMessage: ${CASES_PER_DECODER} cases, only MalformedMessageError thrown, every decoded message within bounds`, async function () {
    const samples = await traceSamples(new Prng(~seed >>> 0))
    const report = fuzz({
      valid: samples.valid,
      huge: samples.outOfBounds,
      paths: TRACE_MESSAGE_PATHS,
      maxBytes: MAX_MESSAGE_BYTES,
      decode: (bytes) => {
        const message = decodeMessage(bytes)
        assertDecodedWithinBounds(message)
        // What came out is exactly what it says: encoding it again and decoding gives the same message.
        assert.deepEqual(decodeMessage(encodeMessage(message)), message)
      },
      expected: (err) => err instanceof MalformedMessageError && err.code === 'ERR_MALFORMED_MESSAGE'
    }, seed)
    print('decodeMessage', report)
    assertClean(report, true)
    assert.equal(report.byStrategy.get('huge-repeated')!.decoded, 0, 'every out-of-bounds protobuf is refused')
  })

  it(`PeerList.decode: ${CASES_PER_DECODER} cases, only the protobuf reader's errors thrown, every list well-typed`, async function () {
    const listSeed = (seed ^ 0x9e3779b9) >>> 0
    const samples = await peerListSamples(new Prng(~listSeed >>> 0))
    const report = fuzz({
      valid: samples.valid,
      huge: samples.huge,
      paths: PEER_LIST_PATHS,
      maxBytes: MAX_PEER_LIST_BYTES,
      decode: (bytes) => {
        const list = peers.PeerList.decode(bytes)
        assert.ok(Array.isArray(list.peers))
        let addrBytes = 0
        for (const record of list.peers) {
          assert.equal(typeof record.id, 'string')
          assert.ok(Array.isArray(record.addrs))
          for (const addr of record.addrs) {
            assert.ok(addr instanceof Uint8Array)
            addrBytes += addr.length
          }
        }
        // Nothing is amplified: every record costs at least 2 bytes of input, every address byte one.
        assert.ok(list.peers.length * 2 <= bytes.length && addrBytes <= bytes.length)
      },
      expected: (err) => err instanceof RangeError ? READER_ERROR.test(err.message) : err instanceof Error && READER_ERROR.test(err.message) && err.constructor === Error
    }, listSeed)
    print('PeerList.decode', report)
    assertClean(report, false)
  })

  it(`decodeHistoryCall: ${CASES_PER_DECODER} cases, only MalformedMessageError thrown, every query well-formed`, function () {
    const callSeed = (seed ^ 0x85ebca6b) >>> 0
    const prng = new Prng(~callSeed >>> 0)
    const id = (): string => Buffer.from(prng.bytes(16)).toString('hex')
    const calls: HistoryCall[] = [
      { kind: 'list' }, { kind: 'list', target: '198.18.0.1', limit: 20 }, { kind: 'show', id: id() },
      { kind: 'show', id: id().slice(0, 8) }, { kind: 'finish', id: id(), durationMs: prng.int(0, 60_000) }
    ]
    const report = fuzz({
      valid: calls.map(encodeHistoryCall),
      // A target or id far over its bound, or a long run of repeated unknown fields.
      huge: (p) => p.chance(0.5)
        ? encodeHistoryCall({ kind: 'list', target: 'x'.repeat(p.int(254, 4000)) })
        : encodeHistoryCall({ kind: 'show', id: 'a'.repeat(p.int(65, 4000)) }),
      paths: [[]],
      maxBytes: MAX_HISTORY_QUERY_BYTES,
      decode: (bytes) => {
        const call = decodeHistoryCall(bytes)
        assert.ok(['list', 'show', 'finish'].includes(call.kind))
        if (call.kind !== 'list') assert.ok(call.id.length >= 1 && call.id.length <= 64)
        if (call.kind === 'list' && call.target !== undefined) assert.ok(call.target.length >= 1 && call.target.length <= 253)
        assert.deepEqual(decodeHistoryCall(encodeHistoryCall(call)), call)
      },
      expected: (err) => err instanceof MalformedMessageError
    }, callSeed)
    print('decodeHistoryCall', report)
    assertClean(report, false)
    assert.equal(report.byStrategy.get('huge-repeated')!.decoded, 0, 'every out-of-bounds query is refused')
  })

  it(`decodeDirectory: ${CASES_PER_DECODER} cases, only MalformedMessageError thrown, every description within bounds`, function () {
    const dirSeed = (seed ^ 0xc2b2ae35) >>> 0
    const prng = new Prng(~dirSeed >>> 0)
    const description = (i: number): VantageDescription => ({
      peer: `12D3KooW${Buffer.from(prng.bytes(20)).toString('hex')}`,
      name: `site-${i}`,
      tags: Array.from({ length: prng.int(0, 16) }, (_, j) => `tag-${j}`),
      ...(prng.chance(0.5) ? { country: 'DE', city: 'Frankfurt am Main', asn: prng.int(1, 4_294_967_295) } : {}),
      families: prng.chance(0.5) ? ['ipv4'] : ['ipv4', 'ipv6'],
      version: '0.1.0',
      timestamp: 1_700_000_000_000 + i,
      signature: prng.bytes(64)
    })
    const one = describe_.Description.encode({ ...encodeOne(description(0)) })
    const report = fuzz({
      valid: [[], [description(1)], Array.from({ length: 40 }, (_, i) => description(i))].map(encodeDirectory),
      // Too many descriptions, a description over a bound, or one with an unknown family.
      huge: (p) => p.pick([
        () => describe_.Directory.encode({ descriptions: Array(p.int(MAX_DIRECTORY_ENTRIES + 1, 2000)).fill(describe_.Description.decode(one)) }),
        () => describe_.Directory.encode({ descriptions: [{ ...describe_.Description.decode(one), tags: Array(p.int(17, 5000)).fill('t') }] }),
        () => describe_.Directory.encode({ descriptions: [{ ...describe_.Description.decode(one), name: 'n'.repeat(p.int(65, 60_000)) }] }),
        () => describe_.Directory.encode({ descriptions: [{ ...describe_.Description.decode(one), families: ['ipv5'] }] }),
        () => describe_.Directory.encode({ descriptions: [{ ...describe_.Description.decode(one), country: 'Germany' }] })
      ])(),
      paths: [[], [1]],
      maxBytes: MAX_DIRECTORY_BYTES,
      decode: (bytes) => {
        const descriptions = decodeDirectory(bytes)
        assert.ok(descriptions.length <= MAX_DIRECTORY_ENTRIES)
        for (const d of descriptions) {
          assert.equal(labelsProblem(d), undefined)
          assert.ok(d.families.every((f) => (ADDRESS_FAMILIES as readonly string[]).includes(f)))
          assert.ok(d.peer.length >= 1 && d.peer.length <= 128 && d.name.length <= 64 && d.signature.length >= 1 && d.signature.length <= 128)
        }
        assert.deepEqual(decodeDirectory(encodeDirectory(descriptions)), descriptions)
      },
      expected: (err) => err instanceof MalformedMessageError
    }, dirSeed)
    print('decodeDirectory', report)
    assertClean(report, true)
    assert.equal(report.byStrategy.get('huge-repeated')!.decoded, 0, 'every out-of-bounds directory is refused')
  })
})

/** One description's protobuf fields, through the codec's own encoding. */
function encodeOne (d: VantageDescription): describe_.Description {
  const [first] = describe_.Directory.decode(encodeDirectory([d])).descriptions
  if (first === undefined) throw new Error('no description encoded')
  return first
}
