// The engine's evidence that the first hop is silent for every trace of a family, on a clock the test moves.

import assert from 'node:assert/strict'
import { FirstHopSilence } from '../../src/engine/first-hop-silence.js'
import { ManualClock } from '../time/manual-clock.js'

const PROBES = 8
const SETTLE_MS = 1000
const KEEP_MS = 10_000

function evidence (): { clock: ManualClock, silence: FirstHopSilence } {
  const clock = new ManualClock()
  return { clock, silence: new FirstHopSilence({ clock, probes: PROBES, settleMs: SETTLE_MS, keepMs: KEEP_MS }) }
}

describe('FirstHopSilence', () => {
  it('is silent once enough TTL 1 probes have had their time and none was answered, per family', () => {
    const { clock, silence } = evidence()
    for (let i = 0; i < PROBES - 1; i++) silence.sent(4)
    clock.advance(SETTLE_MS)
    assert.equal(silence.silent(4), false, 'one probe short')
    silence.sent(4)
    assert.equal(silence.silent(4), false, 'the last probe has not had its time')
    clock.advance(SETTLE_MS - 1)
    assert.equal(silence.silent(4), false)
    clock.advance(1)
    assert.equal(silence.silent(4), true)
    assert.equal(silence.silent(6), false, 'the other family')
  })

  it('is not silent while an answer at TTL 1 is recent, and forgets probes older than the keep time', () => {
    const { clock, silence } = evidence()
    silence.answered(4)
    for (let i = 0; i < PROBES; i++) silence.sent(4)
    clock.advance(SETTLE_MS)
    assert.equal(silence.silent(4), false, 'answered, and the probes since were too few to count anyway')
    for (let i = 0; i < PROBES; i++) silence.sent(4)
    clock.advance(KEEP_MS - SETTLE_MS)
    assert.equal(silence.silent(4), true, 'the answer is KEEP_MS old; the probes sent after it count')
    clock.advance(KEEP_MS)
    assert.equal(silence.silent(4), false, 'every probe is older than the keep time')
  })
})
