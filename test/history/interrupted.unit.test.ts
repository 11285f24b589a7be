// A trace the node stopped in the middle of (issue 14, item 5: it showed as "answered 0/0 in 0.00 s"): its summary
// says interrupted, with no made-up duration, and the mark survives the history protocol's wire form, so `history
// show` on another host prints it too.

import assert from 'node:assert/strict'
import { summaryLine } from '../../src/format/lines.js'
import type { SummaryView } from '../../src/model/index.js'
import { decodeHistoryAnswer, encodeHistoryAnswer } from '../../src/protocol/history-codec.js'

describe('an interrupted trace', () => {
  const summary: SummaryView = { target: '198.18.4.1', answered: 1, failed: [], unverified: 0, durationMs: 0, interrupted: true }

  it('has a summary line that says interrupted and no duration', () => {
    assert.equal(summaryLine(summary), 'answered 1/1, interrupted: the node stopped before the trace ended')
    assert.equal(summaryLine({ ...summary, answered: 0 }), 'answered 0/0, interrupted: the node stopped before the trace ended')
  })

  it('keeps the mark across the history protocol, and a finished trace stays unmarked', () => {
    assert.deepEqual(decodeHistoryAnswer(encodeHistoryAnswer({ type: 'summary', summary })), { type: 'summary', summary })
    const { interrupted: _, ...finished } = summary
    assert.deepEqual(decodeHistoryAnswer(encodeHistoryAnswer({ type: 'summary', summary: finished })), { type: 'summary', summary: finished })
  })
})
