// The overlay's own estimate of what a message takes on the wire, against the real codec: never below it, so the
// byte bounds that use it hold; and an end cut to what one frame carries decodes at the receiver (an end with more
// failures than that was refused whole).

import assert from 'node:assert/strict'
import { MAX_FAILURES_PER_END, MAX_MESSAGE_BYTES } from '../../src/model/limits.js'
import { fitEnd, wireBytes } from '../../src/overlay/wire-size.js'
import type { Failure } from '../../src/overlay/types.js'
import { decodeMessage, encodeMessage } from '../../src/protocol/index.js'

const ID = 'ef'.repeat(16)
const peer = (i: number): string => `12D3KooW${i.toString().padStart(44, '0')}`

describe('overlay: wire size of an end', () => {
  for (const [count, reasonLength] of [[10, 20], [2000, 30], [1500, 511]] as const) {
    it(`${count} failures with reasons of ${reasonLength} characters: the end fits one frame and decodes`, () => {
      const failures: Failure[] = Array.from({ length: count }, (_, i) => ({ peer: peer(i), reason: 'x'.repeat(reasonLength) }))
      const kept = fitEnd(failures)
      const end = { type: 'end' as const, end: { requestId: ID, failures: kept } }
      const bytes = encodeMessage(end).byteLength
      assert.ok(bytes <= MAX_MESSAGE_BYTES, `${bytes} bytes`)
      assert.ok(kept.length <= MAX_FAILURES_PER_END)
      assert.deepEqual(kept, failures.slice(0, kept.length))
      assert.deepEqual(decodeMessage(encodeMessage(end)), end)
      assert.ok(wireBytes(end.end) >= bytes, `estimated ${wireBytes(end.end)} < encoded ${bytes}`)
      if (count === 10) assert.equal(kept.length, 10, 'a small end is kept whole')
    })
  }
})
