// Reads an OverlayLink to its end and says how it ended: the tests check both what came and whether it closed
// cleanly or broke.

import type { OverlayMessage } from '../../src/overlay/types.js'

export interface LinkEnding {
  read: OverlayMessage[]
  /** What the messages iterable threw; absent when the other side closed cleanly. */
  error?: unknown
}

export async function readAll (messages: AsyncIterable<OverlayMessage>): Promise<LinkEnding> {
  const read: OverlayMessage[] = []
  try {
    for await (const message of messages) read.push(message)
    return { read }
  } catch (error) {
    return { read, error }
  }
}
