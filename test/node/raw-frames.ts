// Hand-built wire bytes for the tests that send what no codec would: bare varints, frames with a lying length,
// protobuf with a field of the wrong wire type.

import { concat } from 'uint8arrays'

/** Unsigned LEB128, as the length prefix and protobuf use it. */
export function varint (value: number): Uint8Array {
  const out: number[] = []
  let rest = value
  while (rest >= 0x80) {
    out.push((rest % 0x80) | 0x80)
    rest = Math.floor(rest / 0x80)
  }
  out.push(rest)
  return Uint8Array.from(out)
}

/** One length-prefixed frame. */
export function frame (body: Uint8Array): Uint8Array {
  return concat([varint(body.byteLength), body])
}

/** A protobuf field key: field number and wire type (0 varint, 2 length-delimited). */
export function fieldKey (field: number, wireType: 0 | 1 | 2 | 5): Uint8Array {
  return varint(field * 8 + wireType)
}
