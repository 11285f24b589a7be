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
    const elapsed = ((this.clock.monotonic() - this.started) / 1000).toFixed(1)
    this.out.write(`\r\x1b[Kwaiting for results: ${this.answered} in, ${elapsed} s of ${this.timeoutS} s`)
    this.shown = true
  }
}
