// Reproducible fuzz input for the wire decoders: the seed, and the ways a hostile peer can bend a frame
// (random bytes, truncations, bit flips, byte edits, wrong wire types, deep nesting, protobuf garbage, oversize).

import { concat } from 'uint8arrays'
import { varint } from '../node/raw-frames.js'
import { Prng, seedFromEnv, testSeed } from '../random/seeded-random.js'

/** The seed when neither PEERTRACE_FUZZ_SEED nor SEED is set: fixed, so the figures in docs/security.md can be repeated. */
const DEFAULT_FUZZ_SEED = 0x5eed7ace

/** PEERTRACE_FUZZ_SEED, else SEED (decimal or 0x-hex), else the default. */
export function fuzzSeed (): number {
  return seedFromEnv('PEERTRACE_FUZZ_SEED') ?? testSeed(DEFAULT_FUZZ_SEED)
}

/** `body` as the payload of the length-delimited fields `path` (outermost first): garbage placed deep in a schema. */
export function nestIn (body: Uint8Array, path: number[]): Uint8Array {
  let out = body
  for (const field of [...path].reverse()) out = concat([varint(field * 8 + 2), varint(out.length), out])
  return out
}

/** Random bytes, mostly short (a frame's worth), sometimes a few KiB. */
export function randomBytes (prng: Prng): Uint8Array {
  return prng.bytes(prng.chance(0.9) ? prng.int(0, 96) : prng.int(97, 4096))
}

/** A valid encoding cut short anywhere (never whole). */
export function truncate (prng: Prng, valid: Uint8Array): Uint8Array {
  return valid.slice(0, prng.int(0, Math.max(0, valid.length - 1)))
}

/** A valid encoding with 1 to 8 random bits flipped. */
export function flipBits (prng: Prng, valid: Uint8Array): Uint8Array {
  const out = valid.slice()
  if (out.length === 0) return out
  for (let n = prng.int(1, 8); n > 0; n--) out[prng.int(0, out.length - 1)] ^= 1 << prng.int(0, 7)
  return out
}

/** A valid encoding with a byte range overwritten, inserted, deleted or repeated. */
export function editBytes (prng: Prng, valid: Uint8Array): Uint8Array {
  const at = prng.int(0, valid.length)
  const span = prng.int(1, 16)
  switch (prng.int(0, 3)) {
    case 0: {
      const out = valid.slice()
      out.set(prng.bytes(Math.min(span, out.length - at)), at)
      return out
    }
    case 1: return concat([valid.subarray(0, at), prng.bytes(span), valid.subarray(at)])
    case 2: return concat([valid.subarray(0, at), valid.subarray(at + span)])
    default: return concat([valid.subarray(0, at + span), valid.subarray(at)])
  }
}

interface FieldToken {
  keyStart: number
  keyEnd: number
  field: number
}

interface Scan {
  keys: FieldToken[]
  /** Every byte of the range was a well-formed field (no groups). */
  whole: boolean
}

/**
 * The field keys of a protobuf encoding, descending into every length-delimited payload that itself parses whole
 * as a message (so nested known fields are found too); stops at the first thing that does not parse.
 */
function fieldKeys (bytes: Uint8Array): FieldToken[] {
  return scan(bytes, 0, bytes.length, 0).keys
}

function scan (bytes: Uint8Array, start: number, end: number, depth: number): Scan {
  const keys: FieldToken[] = []
  let pos = start
  const readVarint = (): number | undefined => {
    let value = 0
    for (let shift = 0; shift < 35 && pos < end; shift += 7) {
      const byte = bytes[pos++] as number
      value += (byte & 0x7f) * 2 ** shift
      if (byte < 0x80) return value
    }
    return undefined
  }
  while (pos < end) {
    const keyStart = pos
    const key = readVarint()
    if (key === undefined) return { keys, whole: false }
    keys.push({ keyStart, keyEnd: pos, field: Math.floor(key / 8) })
    const wireType = key % 8
    if (wireType === 0) {
      if (readVarint() === undefined) return { keys, whole: false }
    } else if (wireType === 1 || wireType === 5) {
      pos += wireType === 1 ? 8 : 4
    } else if (wireType === 2) {
      const length = readVarint()
      if (length === undefined || pos + length > end) return { keys, whole: false }
      if (depth < 8 && length > 0) {
        const nested = scan(bytes, pos, pos + length, depth + 1)
        if (nested.whole) keys.push(...nested.keys)
      }
      pos += length
    } else {
      return { keys, whole: false }
    }
  }
  return { keys, whole: pos === end }
}

/** A valid encoding with one field key (top level or nested) given another wire type, payload left as it was. */
export function rewireField (prng: Prng, valid: Uint8Array): Uint8Array {
  const keys = fieldKeys(valid)
  if (keys.length === 0) return flipBits(prng, valid)
  const key = prng.pick(keys)
  const wireType = prng.pick([0, 1, 2, 3, 4, 5, 6, 7] as const)
  return concat([valid.subarray(0, key.keyStart), varint(key.field * 8 + wireType), valid.subarray(key.keyEnd)])
}

/**
 * Protobuf-shaped garbage: fields numbered mostly like the schema's (1..9), any wire type (also groups and the
 * invalid 6 and 7), varints up to 10 bytes, length-delimited payloads that nest more garbage.
 */
export function protobufGarbage (prng: Prng, depth = 0): Uint8Array {
  const parts: Uint8Array[] = []
  for (let n = prng.int(1, 6); n > 0; n--) {
    const field = prng.chance(0.85) ? prng.int(1, 9) : prng.int(10, 536_870_911)
    const wireType = prng.int(0, 7)
    parts.push(varint(field * 8 + wireType))
    switch (wireType) {
      case 0: parts.push(prng.chance(0.2) ? Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01) : varint(prng.uint32())); break
      case 1: parts.push(prng.bytes(8)); break
      case 5: parts.push(prng.bytes(4)); break
      case 2: {
        const body = depth < 6 && prng.chance(0.6) ? protobufGarbage(prng, depth + 1) : prng.bytes(prng.int(0, 40))
        // Sometimes the length lies.
        parts.push(varint(prng.chance(0.9) ? body.length : prng.int(0, 0xffff)), body)
        break
      }
      case 3: {
        if (depth < 6) parts.push(protobufGarbage(prng, depth + 1))
        if (prng.chance(0.7)) parts.push(varint(field * 8 + 4))
        break
      }
      default: break
    }
  }
  return concat(parts)
}

/** Nested length-delimited messages cost quadratic time to build; a few hundred levels already pass any schema. */
const MAX_LENGTH_NESTING = 300

/**
 * Deep nesting: start-group keys thousands deep in an unknown field (the decoder skips groups recursively), or
 * length-delimited messages nested inside an unknown field.
 */
export function deepNesting (prng: Prng): Uint8Array {
  const depth = prng.int(100, 30_000)
  const field = prng.int(10, 2000)
  if (prng.chance(0.5)) {
    const open = varint(field * 8 + 3)
    const opens = new Uint8Array(open.length * depth)
    for (let i = 0; i < depth; i++) opens.set(open, i * open.length)
    return opens
  }
  let body: Uint8Array = prng.bytes(4)
  for (let i = 0; i < Math.min(depth, MAX_LENGTH_NESTING); i++) body = concat([varint(field * 8 + 2), varint(body.length), body])
  return body
}
