// StreamSlots: at most `limit` streams open at once per peer; the next open waits, in order, until one closes (any
// way: a clean close, an abort), and an open whose signal aborts while it waits gives up without taking a slot.

import assert from 'node:assert/strict'
import type { Stream } from '@libp2p/interface'
import { streamPair } from '@libp2p/utils'
import { StreamSlots } from '../../src/node/stream-slots.js'

describe('node: stream slots per peer', () => {
  const pairs: Stream[][] = []
  afterEach(() => {
    for (const pair of pairs.splice(0)) for (const stream of pair) stream.abort(new Error('test over'))
  })

  /** An opener that hands out the outbound end of a new in-memory pair and counts its calls. */
  function opener (): { open: () => Promise<Stream>, calls: () => number, remote: (i: number) => Stream } {
    const made: Stream[][] = []
    return {
      open: async () => {
        const pair = await streamPair()
        made.push(pair)
        pairs.push(pair)
        return pair[0]
      },
      calls: () => made.length,
      remote: (i) => made[i][1]
    }
  }

  it('opens up to the limit at once; the next waits for a close, the one after for an abort', async () => {
    const slots = new StreamSlots(2)
    const peer = opener()
    const signal = new AbortController().signal
    const first = await slots.open('a', peer.open, signal)
    const second = await slots.open('a', peer.open, signal)
    let third: Stream | undefined
    let fourth: Stream | undefined
    const waiting = [
      slots.open('a', peer.open, signal).then(s => { third = s }),
      slots.open('a', peer.open, signal).then(s => { fourth = s })
    ]
    // Queued at once, in the same turn: nothing more was opened, and nothing can be until a stream closes.
    assert.equal(peer.calls(), 2)
    assert.deepEqual(slots.load('a'), { waiting: 2, open: 2 })
    // Another peer has slots of its own.
    await slots.open('b', peer.open, signal)
    assert.equal(peer.calls(), 3)

    // A clean close needs both ends: ours, then theirs.
    await Promise.all([first.close(), peer.remote(0).close()])
    await waiting[0]
    assert.ok(third !== undefined && fourth === undefined)
    second.abort(new Error('gone'))
    await waiting[1]
    assert.ok(fourth !== undefined)
    assert.deepEqual(slots.load('a'), { waiting: 0, open: 2 })
  })

  it('an open whose signal aborts while it waits rejects, takes no slot, and opens nothing', async () => {
    const slots = new StreamSlots(1)
    const peer = opener()
    const held = await slots.open('a', peer.open, new AbortController().signal)
    const controller = new AbortController()
    const given = slots.open('a', peer.open, controller.signal)
    controller.abort(new Error('cut off'))
    await assert.rejects(given)
    assert.equal(peer.calls(), 1)
    held.abort(new Error('done'))
    const next = await slots.open('a', peer.open, new AbortController().signal)
    assert.equal(peer.calls(), 2)
    next.abort(new Error('done'))
  })
})
