// What the engine's traces tell each other about shared routers (src/engine/path-evidence.ts), on a manual clock:
// a silent hop counts as a router with a dry bucket where another trace lately had an answer at the same place of
// the path, whichever of this trace's answered hops the place is measured from (the shape of generated seed 23758:
// paths that split at an ECMP router and join again, the nearest hop below on a branch only this trace took).

import assert from 'node:assert/strict'
import { PathEvidence } from '../../src/engine/path-evidence.js'
import type { AnsweredHop } from '../../src/engine/path-evidence.js'
import { ManualClock } from '../time/manual-clock.js'

const KEEP_MS = 10_000
const TARGET = '198.18.13.16'
const OTHER_TARGET = '198.18.13.9'

/** Records every answered hop of one trace the way the driver reports them (each with the others known so far). */
function recordTrace (evidence: PathEvidence, trace: number, target: string, hops: AnsweredHop[]): void {
  hops.forEach((hop, i) => { evidence.record(trace, 4, target, hop, hops.slice(0, i)) })
}

describe('PathEvidence', () => {
  // Branch 1: r6 (TTL 7), r7a (TTL 8), r8a (TTL 9), r9 (TTL 10); branch 2: r6, silent, r8b (TTL 9), r9 (TTL 10).
  const branchOne: AnsweredHop[] = [[7, '198.18.6.2'], [8, '198.18.7.2'], [9, '198.18.8.2'], [10, '198.18.9.2']]
  const below: AnsweredHop[] = [[9, '198.18.11.2'], [7, '198.18.6.2']]

  it('finds the place from an answered hop further below when the nearest one is on a branch no other trace took', () => {
    const clock = new ManualClock()
    const evidence = new PathEvidence({ clock, keepMs: KEEP_MS, maxEntries: 100 })
    recordTrace(evidence, 1, OTHER_TARGET, branchOne)
    // Trace 2, on branch 2, to another target: TTL 10 is silent. r9 answered trace 1 three hops behind r6.
    assert.equal(evidence.answered(2, 4, TARGET, 10, below, []), true)
    // From the nearest hop alone (r8b, which no other trace saw) there is no evidence.
    assert.equal(evidence.answered(2, 4, TARGET, 10, below.slice(0, 1), []), false)
  })

  it('finds it from an answered hop above, at the same distance', () => {
    const clock = new ManualClock()
    const evidence = new PathEvidence({ clock, keepMs: KEEP_MS, maxEntries: 100 })
    recordTrace(evidence, 1, OTHER_TARGET, [...branchOne, [11, '198.18.10.2']])
    assert.equal(evidence.answered(2, 4, TARGET, 10, [[9, '198.18.11.2']], [[12, '198.18.12.9'], [11, '198.18.10.2']]), true)
  })

  it('is no evidence at another distance, for the trace itself, in another family, or once it is old', () => {
    const clock = new ManualClock()
    const evidence = new PathEvidence({ clock, keepMs: KEEP_MS, maxEntries: 100 })
    recordTrace(evidence, 1, OTHER_TARGET, branchOne)
    assert.equal(evidence.answered(2, 4, TARGET, 11, below, []), false)
    assert.equal(evidence.answered(1, 4, TARGET, 10, below, []), false)
    assert.equal(evidence.answered(2, 6, TARGET, 10, below, []), false)
    clock.advance(KEEP_MS)
    assert.equal(evidence.answered(2, 4, TARGET, 10, below, []), false)
  })

  it('looks further back when asked, as long as the entry is kept; the target\'s own TTLs stay "lately" for ranking', () => {
    const clock = new ManualClock()
    const evidence = new PathEvidence({ clock, keepMs: KEEP_MS, maxEntries: 100 })
    recordTrace(evidence, 1, TARGET, branchOne)
    clock.advance(KEEP_MS + 2_000)
    assert.equal(evidence.answered(2, 4, TARGET, 10, below, []), false)
    assert.equal(evidence.answered(2, 4, TARGET, 10, below, [], 60_000), true)
    assert.equal(evidence.answeredAtTarget(2, 4, TARGET, 10), false)
    clock.advance(60_000)
    assert.equal(evidence.answered(2, 4, TARGET, 10, below, [], 60_000), false)
  })

  it('counts the source as the anchor only where nothing below answered', () => {
    const clock = new ManualClock()
    const evidence = new PathEvidence({ clock, keepMs: KEEP_MS, maxEntries: 100 })
    recordTrace(evidence, 1, OTHER_TARGET, branchOne)
    assert.equal(evidence.answered(2, 4, TARGET, 8, [], []), true)
    assert.equal(evidence.answered(2, 4, TARGET, 8, [[6, '198.18.5.9']], []), false)
  })
})
