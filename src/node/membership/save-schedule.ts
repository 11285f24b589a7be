// When the remembered peers are written to the data dir: a node killed seconds after it joined must still remember
// whom it met, and a node that runs for months should not write every second. The first writes come FIRST_SAVE_GAP_MS,
// then twice that, four times … apart, up to the steady interval; only when something changed.

export class SaveSchedule {
  private lastAt: number
  private gapMs: number

  constructor (private readonly firstGapMs: number, private readonly maxGapMs: number, startAt: number) {
    this.lastAt = startAt
    this.gapMs = Math.min(firstGapMs, maxGapMs)
  }

  /** Whether to write now: something changed, and the current gap has passed since the last write (or the start). */
  due (now: number, changed: boolean): boolean {
    return changed && now - this.lastAt >= this.gapMs
  }

  /** A write happened (or was skipped for want of anything to write): the next gap doubles, up to the maximum. */
  wrote (now: number): void {
    this.lastAt = now
    this.gapMs = Math.min(this.gapMs * 2, this.maxGapMs)
  }
}
