// How many of a flood's downstream links one relay runs at once. A relay with more neighbours than that asks the
// others as links end (most end at once: a duplicate), so no neighbour is left out of a flood unasked.

export class LinkWindow {
  private readonly limit: number
  private running = 0
  private readonly waiting: Array<() => void> = []

  constructor (limit: number) {
    this.limit = limit
  }

  /**
   * Waits for a free place: true once this caller holds one (it must call release), false if `signal` fired
   * first (the cut-off came before its turn).
   */
  async turn (signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return false
    if (this.running < this.limit) {
      this.running++
      return true
    }
    return await new Promise<boolean>((resolve) => {
      const take = (): void => {
        signal.removeEventListener('abort', give)
        this.running++
        resolve(true)
      }
      const give = (): void => {
        const at = this.waiting.indexOf(take)
        if (at >= 0) this.waiting.splice(at, 1)
        resolve(false)
      }
      this.waiting.push(take)
      signal.addEventListener('abort', give, { once: true })
    })
  }

  release (): void {
    this.running--
    this.waiting.shift()?.()
  }
}
