// A one-line progress indicator on stderr while results are awaited, shown only when stderr is a terminal.

import { systemClock, type Clock } from '../time/clock.js'

export class Progress {
  private readonly out: NodeJS.WriteStream
  private readonly timeoutS: number
  private readonly clock: Clock
  private readonly started: number
  private readonly timer: ReturnType<typeof setInterval> | undefined
  private answered = 0
  private shown = false

  constructor (out: NodeJS.WriteStream, timeoutS: number, clock: Clock = systemClock) {
    this.out = out
    this.timeoutS = timeoutS
    this.clock = clock
    this.started = clock.monotonic()
    if (out.isTTY) {
      this.timer = setInterval(() => { this.draw() }, 250)
      this.timer.unref()
    }
  }

  update (answered: number): void {
    this.answered = answered
    this.draw()
  }

  clear (): void {
    if (this.shown) this.out.write('\r\x1b[K')
    this.shown = false
  }

  stop (): void {
    if (this.timer !== undefined) clearInterval(this.timer)
    this.clear()
  }

  private draw (): void {
    if (this.out.isTTY !== true) return
    const elapsedS = (this.clock.monotonic() - this.started) / 1000
    // Past the timeout the requester waits a short grace for its entry's end (DEFAULT_REQUESTER_END_GRACE_MS).
    const what = elapsedS <= this.timeoutS ? 'results' : 'the entry peer\'s end'
    this.out.write(`\r\x1b[Kwaiting for ${what}: ${this.answered} in, ${elapsedS.toFixed(1)} s of ${this.timeoutS} s`)
    this.shown = true
  }
}
