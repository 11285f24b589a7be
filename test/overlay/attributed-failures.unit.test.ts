// Issue 14, item 5: an end carrying invented failures. A failure is believed only from whoever can have seen it:
// the neighbour that sent the end (its own refusal), or a peer named as asked over that link (the neighbour or a
// relay below it asked it). A hostile neighbour's end naming hundreds of peers nobody asked is dropped at the first
// honest receiver, and real dead peers are still reported.

import assert from 'node:assert/strict'
import type { Failure, OverlayLink, TraceRequest } from '../../src/overlay/index.js'
import { FloodNet, controlledProber } from './flood-net.js'

const INVENTED = 600
const invented = (): Failure[] => Array.from({ length: INVENTED }, (_, i) => ({ peer: `invented${i}`, reason: 'ERR_NO_ANSWER: made up' }))

/** A peer that answers every request with an end naming INVENTED peers failed (and `also`), and nothing else. */
function hostile (also: Failure[] = []): (link: OverlayLink) => Promise<void> {
  return async (link) => {
    let request: TraceRequest | undefined
    for await (const message of link.messages()) {
      if (message.type === 'request') request = message.request
      break
    }
    if (request === undefined) return
    await link.send({ type: 'end', end: { requestId: request.id, failures: [...invented(), ...also] } })
    await link.close()
  }
}

describe('overlay: failures only from whoever can have seen them', () => {
  it(`a relay's hostile neighbour ends with ${INVENTED} invented failures: none reach the summary, a dead peer does`, async () => {
    // origin - p0 (entry) - p1 (hostile), p2 (dies while probing), p3
    const dying = controlledProber()
    const net = new FloodNet({ size: 4, edges: [[0, 1], [0, 2], [0, 3]], probers: { p2: dying.prober } })
    // The hostile neighbour also claims p3 failed (it answered) and p2 failed with a reason of its own.
    net.network.serve('p1', hostile([{ peer: 'p3', reason: 'ERR_NO_ANSWER: made up' }, { peer: 'p2', reason: 'ERR_MADE_UP: x' }]))
    const tracing = net.trace(await net.request())
    await dying.called
    net.kill('p2')
    const { results, summary } = await tracing

    assert.deepEqual(results.map((r) => r.peer).sort(), ['p0', 'p3'])
    assert.equal(summary.answered, 2)
    // p1 said nothing about itself; p0 asked it and got an end, so it is a peer that never answered.
    assert.deepEqual(summary.failed.map((f) => f.peer).sort(), ['p1', 'p2'])
    // p2's failure is p0's own observation (its link broke), not the hostile one's.
    assert.match(summary.failed.find((f) => f.peer === 'p2')?.reason ?? '', /^ERR_LINK_RESET: /)
    assert.equal(summary.failed.filter((f) => f.peer.startsWith('invented')).length, 0)
    net.stop()
  })

  it(`a hostile entry peer ends with ${INVENTED} invented failures: the requester keeps only its own`, async () => {
    // origin - p0 (honest entry) - p1; origin - p2 (hostile entry)
    const net = new FloodNet({ size: 3, edges: [[0, 1]], entries: ['p0', 'p2'] })
    net.network.serve('p2', hostile([{ peer: 'p2', reason: 'ERR_BUSY: 32 floods running' }]))
    const { results, summary } = await net.trace(await net.request())

    assert.deepEqual(results.map((r) => r.peer).sort(), ['p0', 'p1'])
    // Its own refusal is its to say.
    assert.deepEqual(summary.failed, [{ peer: 'p2', reason: 'ERR_BUSY: 32 floods running' }])
    net.stop()
  })

  it('a failure a relay below reports for a peer it asked is passed on, with its reason', async () => {
    // origin - p0 - p1 - p2, p2 refuses (busy): p1 asked it, so p0 and the requester believe p1's report.
    const net = new FloodNet({ size: 3, edges: [[0, 1], [1, 2]] })
    net.network.serve('p2', hostile([{ peer: 'p2', reason: 'ERR_BUSY: 32 floods running' }]))
    const { results, summary } = await net.trace(await net.request())

    assert.deepEqual(results.map((r) => r.peer).sort(), ['p0', 'p1'])
    assert.deepEqual(summary.failed, [{ peer: 'p2', reason: 'ERR_BUSY: 32 floods running' }])
    net.stop()
  })
})
