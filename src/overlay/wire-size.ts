// What a flood message takes on the wire, estimated without the codec (the overlay knows nothing of protobuf), and
// the failures that fit one end: a frame larger than MAX_MESSAGE_BYTES, or an end with more than
// MAX_FAILURES_PER_END failures, is refused by the receiver, which would lose the whole end.

import { MAX_FAILURES_PER_END, MAX_MESSAGE_BYTES } from '../model/limits.js'
import type { Failure } from './types.js'

/** Room left in an end's frame for its request id, flags and framing. */
const END_OVERHEAD_BYTES = 1024

/**
 * About the bytes a value takes in protobuf: strings and bytes their length plus a tag and a length, numbers the
 * longest varint, a nested message its fields plus a tag and a length. Walks the plain object, so a new field is counted without a change here; never below the wire
 * size of a result, which is what the bound is meant to hold.
 */
export function wireBytes (value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value) + 5
  if (typeof value === 'number' || typeof value === 'bigint') return 12
  if (typeof value === 'boolean') return 3
  if (value instanceof Uint8Array) return value.byteLength + 5
  if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + wireBytes(item), 0)
  if (value !== null && typeof value === 'object') {
    let sum = 5
    for (const field of Object.values(value)) sum += wireBytes(field)
    return sum
  }
  return 0
}

/**
 * The failures an end can carry: the first MAX_FAILURES_PER_END, as long as they fit one frame. The others are not
 * lost: every peer a relay reports failed was named as asked, and the requester counts a peer asked that neither
 * answered nor was reported failed (`ERR_NO_ANSWER`).
 */
export function fitEnd (failures: Failure[]): Failure[] {
  let bytes = END_OVERHEAD_BYTES
  let count = 0
  for (const failure of failures) {
    if (count === MAX_FAILURES_PER_END) break
    bytes += wireBytes(failure)
    if (bytes > MAX_MESSAGE_BYTES) break
    count++
  }
  return count === failures.length ? failures : failures.slice(0, count)
}
