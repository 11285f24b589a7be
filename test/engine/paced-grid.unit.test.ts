// The engine's grid of paced retries (src/engine/paced-grid.ts): a retry asked for one gap after a probe that left
// a little late from its grid instant takes the next instant, not the one after (generated seed 126705: paced
// rounds came every 4.2 s instead of every 2.1 s, and a loop's hop ran out of them), and never comes sooner than
// the gap minus the slack after the probe before it.

import assert from 'node:assert/strict'
import { pacedGridInstant } from '../../src/engine/paced-grid.js'
import { DEFAULT_RATE_LIMIT_GAP_MS, PACED_GRID_SLACK_MS } from '../../src/engine/constants.js'

const GAP = DEFAULT_RATE_LIMIT_GAP_MS
const EPOCH = 1000

describe('pacedGridInstant', () => {
  it('a retry one gap after a probe that left a few ms after its grid instant takes the next instant', () => {
    for (const lateMs of [0, 1, 7, PACED_GRID_SLACK_MS]) {
      const sentAt = EPOCH + 2 * GAP + lateMs
      assert.equal(pacedGridInstant(sentAt + GAP, EPOCH, GAP, PACED_GRID_SLACK_MS), EPOCH + 3 * GAP, `${lateMs} ms late`)
    }
  })

  it('a probe later than the slack waits for the instant after, so the router always gets its quiet', () => {
    const sentAt = EPOCH + 2 * GAP + PACED_GRID_SLACK_MS + 1
    assert.equal(pacedGridInstant(sentAt + GAP, EPOCH, GAP, PACED_GRID_SLACK_MS), EPOCH + 4 * GAP)
    for (let sent = EPOCH; sent < EPOCH + 5 * GAP; sent += 37) {
      const at = pacedGridInstant(sent + GAP, EPOCH, GAP, PACED_GRID_SLACK_MS)
      assert.ok(at - sent >= GAP - PACED_GRID_SLACK_MS && at - sent < 2 * GAP, `${sent}: ${at}`)
      assert.equal((at - EPOCH) % GAP, 0)
    }
  })

  it('never before the engine started', () => {
    assert.equal(pacedGridInstant(EPOCH - 5000, EPOCH, GAP, PACED_GRID_SLACK_MS), EPOCH)
  })
})
