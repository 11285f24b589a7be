// The progress line on a terminal's stderr: answers in and seconds of the timeout while results are awaited, and
// past the timeout, the short wait for the entry peer's end (the requester's end grace). Time is a ManualClock.

import assert from 'node:assert/strict'
import { Progress } from '../../src/cli/progress.js'
import { ManualClock } from '../time/manual-clock.js'

function terminal (): { out: NodeJS.WriteStream, written: string[] } {
  const written: string[] = []
  const out = { isTTY: true, write: (text: string) => { written.push(text); return true } } as unknown as NodeJS.WriteStream
  return { out, written }
}

describe('cli: the progress line', () => {
  it('counts the answers and the seconds of the timeout, then says it waits for the entry\'s end', () => {
    const clock = new ManualClock()
    const { out, written } = terminal()
    const progress = new Progress(out, 20, clock)
    try {
      clock.advance(1500)
      progress.update(3)
      clock.advance(18_500)
      progress.update(4)
      clock.advance(700)
      progress.update(5)
      progress.clear()
    } finally {
      progress.stop()
    }
    assert.deepEqual(written, [
      '\r\x1b[Kwaiting for results: 3 in, 1.5 s of 20 s',
      '\r\x1b[Kwaiting for results: 4 in, 20.0 s of 20 s',
      '\r\x1b[Kwaiting for the entry peer\'s end: 5 in, 20.7 s of 20 s',
      '\r\x1b[K'
    ])
  })

  it('writes nothing when stderr is not a terminal', () => {
    const written: string[] = []
    const out = { isTTY: false, write: (text: string) => { written.push(text); return true } } as unknown as NodeJS.WriteStream
    const progress = new Progress(out, 20, new ManualClock())
    progress.update(1)
    progress.stop()
    assert.deepEqual(written, [])
  })
})
