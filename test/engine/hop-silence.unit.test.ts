// The engine's evidence that a hop (named by the address that answered one TTL before it, or the source) is silent
// for every trace of a family, on a clock the test moves.

import assert from 'node:assert/strict'
import { HopSilence, SOURCE_ANCHOR, sourceAnchor } from '../../src/engine/hop-silence.js'
import { ManualClock } from '../time/manual-clock.js'

const PROBES = 8
const SETTLE_MS = 1000
const KEEP_MS = 10_000
const MAX_HOPS = 3

function evidence (): { clock: ManualClock, silence: HopSilence } {
  const clock = new ManualClock()
  return { clock, silence: new HopSilence({ clock, probes: PROBES, settleMs: SETTLE_MS, keepMs: KEEP_MS, maxHops: MAX_HOPS }) }
}

describe('HopSilence', () => {
  it('is silent once enough probes at the first hop have had their time and none was answered, per family', () => {
    const { clock, silence } = evidence()
    for (let i = 0; i < PROBES - 1; i++) silence.sent(4, SOURCE_ANCHOR)
    clock.advance(SETTLE_MS)
    assert.equal(silence.silent(4, SOURCE_ANCHOR), false, 'one probe short')
    silence.sent(4, SOURCE_ANCHOR)
    assert.equal(silence.silent(4, SOURCE_ANCHOR), false, 'the last probe has not had its time')
    clock.advance(SETTLE_MS - 1)
    assert.equal(silence.silent(4, SOURCE_ANCHOR), false)
    clock.advance(1)
    assert.equal(silence.silent(4, SOURCE_ANCHOR), true)
    assert.equal(silence.silent(6, SOURCE_ANCHOR), false, 'the other family')
  })

  it('is not silent while an answer is recent, and forgets probes older than the keep time', () => {
    const { clock, silence } = evidence()
    silence.answered(4, SOURCE_ANCHOR)
    for (let i = 0; i < PROBES; i++) silence.sent(4, SOURCE_ANCHOR)
    clock.advance(SETTLE_MS)
    assert.equal(silence.silent(4, SOURCE_ANCHOR), false, 'answered, and the probes since were too few to count anyway')
    for (let i = 0; i < PROBES; i++) silence.sent(4, SOURCE_ANCHOR)
    clock.advance(KEEP_MS - SETTLE_MS)
    assert.equal(silence.silent(4, SOURCE_ANCHOR), true, 'the answer is KEEP_MS old; the probes sent after it count')
    clock.advance(KEEP_MS)
    assert.equal(silence.silent(4, SOURCE_ANCHOR), false, 'every probe is older than the keep time')
  })

  it('keeps each anchor\'s hop apart: probes and answers past one router say nothing of the hop past another', () => {
    const { clock, silence } = evidence()
    for (let i = 0; i < PROBES; i++) silence.sent(4, '198.18.4.2')
    silence.sent(4, '198.18.9.2')
    silence.answered(4, '198.18.3.2')
    clock.advance(SETTLE_MS)
    assert.equal(silence.silent(4, '198.18.4.2'), true)
    assert.equal(silence.silent(4, '198.18.9.2'), false, 'one probe past 198.18.9.2')
    assert.equal(silence.silent(4, SOURCE_ANCHOR), false, 'nothing sent at the first hop')
    silence.answered(4, '198.18.4.2')
    assert.equal(silence.silent(4, '198.18.4.2'), false, 'answered now')
  })

  it('names a trace\'s first hop past the source by its TTL: TTL 1 is SOURCE_ANCHOR, a later first hop a hop apart', () => {
    const { clock, silence } = evidence()
    assert.equal(sourceAnchor(1), SOURCE_ANCHOR)
    for (let i = 0; i < PROBES; i++) silence.sent(4, sourceAnchor(2))
    clock.advance(SETTLE_MS)
    assert.equal(silence.silent(4, sourceAnchor(2)), true, 'silent at TTL 2 (--first-hop 2)')
    assert.equal(silence.silent(4, sourceAnchor(1)), false, 'nothing sent at TTL 1')
    assert.equal(silence.silent(4, sourceAnchor(3)), false, 'nothing sent at TTL 3 as a first hop')
  })

  it(`remembers ${MAX_HOPS} hops at most, forgetting the one heard of longest ago`, () => {
    const { clock, silence } = evidence()
    const anchors = ['198.18.1.2', '198.18.2.2', '198.18.3.2', '198.18.4.2']
    for (const anchor of anchors) for (let i = 0; i < PROBES; i++) silence.sent(4, anchor)
    clock.advance(SETTLE_MS)
    assert.equal(silence.size, MAX_HOPS)
    assert.deepEqual(anchors.map(anchor => silence.silent(4, anchor)), [false, true, true, true])
  })
})
