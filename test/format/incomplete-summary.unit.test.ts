// The summary line of a trace whose entry peer died: the entry is named failed but counted once (as answered when
// its own result arrived), the peers it asked that never answered are named, and the line says it is incomplete.

import assert from 'node:assert/strict'
import { failureLine, summaryLine } from '../../src/format/lines.js'
import type { SummaryView } from '../../src/model/index.js'

describe('the summary line of an incomplete trace', () => {
  it('counts an entry that answered and then failed once, names everyone missing, and says incomplete', () => {
    const summary: SummaryView = {
      target: '203.0.113.9',
      answered: 2,
      failed: [
        { peer: 'entry-peer-id-0001', reason: 'ERR_LINK_RESET: connection reset', answered: true },
        { peer: 'lost-peer-id-00002', reason: 'ERR_NO_ANSWER: asked by entry-peer-id-0001, but neither its result nor its failure came back' }
      ],
      unverified: 0,
      durationMs: 1250,
      incomplete: true
    }
    assert.equal(summaryLine(summary), 'answered 2/3, failed: entr…d-0001 (link reset), ' +
      'lost…-00002 (no answer), ' +
      'incomplete: the entry peer\'s end did not come, 1.25 s')
  })

  it('an entry that died before its own result counts among the failed', () => {
    const summary: SummaryView = {
      target: '203.0.113.9',
      answered: 0,
      failed: [{ peer: 'e', reason: 'ERR_PROTOCOL: the link closed without an end' }],
      unverified: 0,
      durationMs: 100,
      incomplete: true
    }
    assert.equal(summaryLine(summary), 'answered 0/1, failed: e (protocol), ' +
      'incomplete: the entry peer\'s end did not come, 0.10 s')
  })

  describe('the one line `trace` writes to stderr before it exits 1', () => {
    const base: SummaryView = { target: '203.0.113.9', answered: 2, failed: [], unverified: 0, durationMs: 1250 }

    it('none for a trace that some vantage point answered and whose entry ended', () => {
      assert.equal(failureLine(base), undefined)
      assert.equal(failureLine({ ...base, failed: [{ peer: 'p', reason: 'ERR_RATE_LIMITED: busy' }] }), undefined)
    })

    it('an incomplete trace says the entry\'s end did not come, whatever answered', () => {
      assert.equal(failureLine({ ...base, incomplete: true }),
        'the entry peer\'s end did not come: results it had not yet passed on are missing (the summary names the entry failed, and why)')
    })

    it('nothing answered: how many failed, counting those not listed', () => {
      assert.equal(failureLine({ ...base, answered: 0 }), 'no vantage point answered')
      assert.equal(failureLine({ ...base, answered: 0, failed: [{ peer: 'p', reason: 'ERR_RATE_LIMITED: busy' }], unlisted: 3 }),
        'no vantage point answered: 4 failed (the summary says why)')
    })
  })
})
