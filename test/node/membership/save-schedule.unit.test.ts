// When a node writes the peers it remembers: soon after it joins (a node killed seconds later must still rejoin
// through them), then less and less often, up to the steady interval; never when nothing changed.

import assert from 'node:assert/strict'
import { DEFAULT_SAVE_INTERVAL_MS, FIRST_SAVE_GAP_MS } from '../../../src/node/membership/constants.js'
import { SaveSchedule } from '../../../src/node/membership/save-schedule.js'

/** The instants (ms after start) a node that checks every second and always has news writes at, up to `untilMs`. */
function writes (schedule: SaveSchedule, untilMs: number, changed: (at: number) => boolean = () => true): number[] {
  const at: number[] = []
  for (let now = 0; now <= untilMs; now += 1000) {
    if (!schedule.due(now, changed(now))) continue
    schedule.wrote(now)
    at.push(now)
  }
  return at
}

describe('save schedule of the remembered peers', function () {
  it('writes 1 s after the start, then 2, 4, 8, 16 s apart, then every 30 s', function () {
    assert.equal(FIRST_SAVE_GAP_MS, 1000)
    assert.equal(DEFAULT_SAVE_INTERVAL_MS, 30_000)
    const schedule = new SaveSchedule(FIRST_SAVE_GAP_MS, DEFAULT_SAVE_INTERVAL_MS, 0)
    assert.deepEqual(writes(schedule, 121_000), [1000, 3000, 7000, 15_000, 31_000, 61_000, 91_000, 121_000])
  })

  it('writes nothing while nothing changed, and at once when something does after a quiet spell', function () {
    const schedule = new SaveSchedule(FIRST_SAVE_GAP_MS, DEFAULT_SAVE_INTERVAL_MS, 0)
    // The first peers are met 5 s in: the first write is then, not 30 s later.
    assert.deepEqual(writes(schedule, 10_000, at => at >= 5000 && at < 6000), [5000])
  })

  it('never waits longer than the steady interval, even when that is shorter than the first gap', function () {
    const schedule = new SaveSchedule(5000, 2000, 0)
    assert.deepEqual(writes(schedule, 8000), [2000, 4000, 6000, 8000])
  })
})
