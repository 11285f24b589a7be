// The one source of randomness for tests and benchmarks: a small seeded PRNG (mulberry32), and the seed a test
// uses, which `SEED=… npm test` overrides so that a failure printed with its seed can be run again.

/** mulberry32: small, fast, and the same sequence for the same seed on every platform. */
export class Prng {
  private state: number

  constructor (seed: number) {
    this.state = seed >>> 0
  }

  uint32 (): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }

  /** A float in [0, 1), as Math.random gives. */
  next (): number {
    return this.uint32() / 0x1_0000_0000
  }

  /** An integer in min..max, both included. */
  int (min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance (p: number): boolean {
    return this.next() < p
  }

  pick<T> (items: readonly T[]): T {
    return items[this.int(0, items.length - 1)] as T
  }

  bytes (length: number): Uint8Array {
    const out = new Uint8Array(length)
    for (let i = 0; i < length; i += 4) {
      const word = this.uint32()
      for (let j = 0; j < 4 && i + j < length; j++) out[i + j] = (word >>> (8 * j)) & 0xff
    }
    return out
  }
}

/** A Math.random stand-in drawing from a Prng seeded with `seed`: the same seed, the same draws. */
export function seededRandom (seed: number): () => number {
  const prng = new Prng(seed)
  return () => prng.next()
}

/** An environment variable as a seed (decimal or 0x-hex), or undefined when it is unset or empty. */
export function seedFromEnv (name: string): number | undefined {
  const text = process.env[name]
  if (text === undefined || text === '') return undefined
  const seed = Number(text)
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`${name} '${text}' is not a non-negative integer`)
  return seed >>> 0
}

/** The seed a test draws from: SEED when set (to repeat a failure, or vary every test at once), else `fallback`. */
export function testSeed (fallback: number): number {
  return seedFromEnv('SEED') ?? fallback >>> 0
}
