// A small seeded pseudo-random generator (sfc32 seeded through splitmix32), so a generated topology is a pure
// function of its seed on every machine and Node version: Math.random() cannot be seeded.

export class Prng {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor (seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`a seed is an integer from 0 to 2^32-1, not ${String(seed)}`)
    }
    let s = seed >>> 0
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0
      let z = s
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
      return (z ^ (z >>> 16)) >>> 0
    }
    this.a = next()
    this.b = next()
    this.c = next()
    this.d = next()
    // sfc32 wants its first outputs discarded to mix the state.
    for (let i = 0; i < 12; i++) this.uint32()
  }

  /** 32 random bits. */
  uint32 (): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0
    this.d = (this.d + 1) >>> 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) >>> 0
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0
    this.c = (this.c + t) >>> 0
    return t
  }

  /** A float in [0, 1). */
  next (): number {
    return this.uint32() / 0x100000000
  }

  /** An integer from min to max, both included. */
  int (min: number, max: number): number {
    if (max < min) throw new RangeError(`empty range ${min}..${max}`)
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance (probability: number): boolean {
    return this.next() < probability
  }

  pick<T> (items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick() from an empty list')
    return items[this.int(0, items.length - 1)]
  }

  /** A new array with the items in random order (Fisher-Yates). */
  shuffle<T> (items: readonly T[]): T[] {
    const out = [...items]
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i)
      ;[out[i], out[j]] = [out[j], out[i]]
    }
    return out
  }
}

/** A fresh seed for a run (printed by the test that draws it, so it can be replayed). */
export function freshSeed (): number {
  return Math.floor(Math.random() * 0x100000000) >>> 0
}
