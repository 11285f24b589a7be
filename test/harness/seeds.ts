// Which seeds a test of generated networks runs (a fixed list, plus one fresh seed per run, or the one SEED names),
// and a pipeline that works a few seeds ahead of the one being checked: a lab mostly waits on timeouts, so labs
// built and traced side by side cost little CPU and save most of the wall time.

import { freshSeed } from './prng.js'

/**
 * Fresh seeds that once failed, each for a cause since fixed (docs/architecture.md, "Probing strategy"), among 10
 * traces at once: a silent, rate-limited first hop whose firewall refuses one target, whose TTL 1 retries took every
 * token (39, 158, 389933559); the retries of seven traces at a silent, rate-limited router with a `prohibit` route,
 * the same order every round (648196812); six traces' retries at a silent, rate-limited router past the fourth hop,
 * which took every token its REJECT of two traces' target one TTL later needed (2650447879); with the first hop at
 * TTL 2 (`firstHop 2`), eight traces' retries at a silent, rate-limited r2, then named by no anchor, took the tokens
 * its REJECT of two traces' target one TTL later needed (1928797916); ten traces through a rate-limited first hop:
 * the loop through it (answers at TTL 1, 3 and 5) lost its last paced round to the horizon, its rounds on the grid's
 * other instants, and once that round came sooner, it took the first hop's tokens before another trace's one paced
 * retry at its REJECT (`[r1 * r1]!H` for `[r1 r1]!H`, 1 run in 11): the extra round now leaves after the regular
 * retries (1666007350).
 */
const REGRESSION_SEEDS = [39, 158, 389933559, 648196812, 2650447879, 1928797916, 1666007350]

/**
 * Forty seeds spread over the seed space, and three picked from further along the same stride for what the forty
 * happen to draw too seldom (three silent routers right before dst, a REJECT icmp-host-unreachable on forwarded
 * traffic, ECMP at three places), then the regression seeds. generate.unit.test.ts checks that the list draws every
 * ending and REJECT type.
 */
export const FIXED_SEEDS: readonly number[] = [
  ...Array.from({ length: 40 }, (_, i) => 1 + i * 7919), 380113, 395951, 514736, ...REGRESSION_SEEDS
]

export interface SeedPlan {
  seeds: number[]
  /** The seed drawn for this run (absent when SEED replays one). */
  fresh?: number
  /** The seed SEED named. */
  replay?: number
  /** For a suite title: which seeds, and how to replay one. */
  title: string
}

/**
 * The seeds of a run: SEED=<n> alone; otherwise the first `count` fixed seeds (all of them with GENERATED_SEEDS=all)
 * and a fresh one.
 */
export function seedPlan (count: number = FIXED_SEEDS.length, env: NodeJS.ProcessEnv = process.env): SeedPlan {
  const fixed = env.GENERATED_SEEDS === 'all' ? FIXED_SEEDS : FIXED_SEEDS.slice(0, count)
  if (env.SEED !== undefined && env.SEED !== '') {
    const replay = Number(env.SEED)
    if (!Number.isInteger(replay) || replay < 0 || replay > 0xffffffff) {
      throw new RangeError(`SEED must be an integer from 0 to 2^32-1, not "${env.SEED}"`)
    }
    return { seeds: [replay], replay, title: `SEED=${replay}` }
  }
  const fresh = freshSeed()
  return { seeds: [...fixed, fresh], fresh, title: `${fixed.length} fixed seeds and fresh seed ${fresh} (SEED=<n> replays one)` }
}

/** How many seeds a test works on side by side: GENERATED_SEEDS_AT_ONCE, or the test's own default. */
export function seedsAtOnce (fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.GENERATED_SEEDS_AT_ONCE ?? fallback)
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`GENERATED_SEEDS_AT_ONCE must be a positive integer`)
  return value
}

/** Runs seeds in their order, at most `ahead` at once, starting each as early as the window allows. */
export class SeedPipeline<T> {
  private readonly started = new Map<number, Promise<T>>()

  constructor (private readonly order: readonly number[], private readonly run: (seed: number) => Promise<T>,
    private readonly ahead: number) {}

  async get (seed: number): Promise<T> {
    const at = this.order.indexOf(seed)
    if (at < 0) throw new RangeError(`seed ${seed} is not in this run`)
    for (const next of this.order.slice(at, at + this.ahead)) {
      if (this.started.has(next)) continue
      const running = this.run(next)
      // Its own suite awaits it and reports its failure; until then it must not count as unhandled.
      running.catch(() => {})
      this.started.set(next, running)
    }
    return await (this.started.get(seed) as Promise<T>)
  }
}
