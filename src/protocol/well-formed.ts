// Strings from the wire must re-encode to the bytes they came in as: the protobuf reader turns some invalid UTF-8
// into lone UTF-16 surrogates, and such a string would not survive relaying or a signature check.

import { MalformedMessageError } from './errors.js'

/** A lone UTF-16 surrogate: what the protobuf reader makes of some invalid UTF-8. */
const LONE_SURROGATE = /\p{Cs}/u

/** `value`, or a MalformedMessageError naming `field` when it came from invalid UTF-8. */
export function wellFormed (field: string, value: string): string {
  if (LONE_SURROGATE.test(value)) throw new MalformedMessageError(`${field} is not valid UTF-8`)
  return value
}
