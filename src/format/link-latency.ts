// What a link of the network map is labelled with: the latency a hop adds over the one before it, shown only when
// the RTTs can tell it apart from measurement noise (docs/formats.md, "map"). A traceroute RTT difference is not a
// link's latency: a router that is slow to generate ICMP, or a return path other than the forward one, makes a
// later hop answer sooner than an earlier one, so differences come out negative or jump around by milliseconds.

/**
 * The smallest difference a map calls a latency (ms). Below it a difference is within what routers add when they
 * answer (ICMP generation on their slow path) and what one RTT differs from the next on a quiet path.
 */
export const LATENCY_NOISE_FLOOR_MS = 1

/** What one path says of one link: its RTT difference and how far its samples scatter. */
export interface LinkSample {
  /** Median RTT of the hop minus median RTT of the hop before it (ms); negative when the later hop answered sooner. */
  deltaMs: number
  /** The larger of the two hops' sample spreads (max − min, ms): 0 with one sample each. */
  spreadMs: number
}

/** The sample a pair of consecutive hops gives (the vantage point itself: no RTTs, taken as 0 ms); undefined if either has none. */
export function linkSample (previousRtts: readonly number[] | 'origin', rtts: readonly number[]): LinkSample | undefined {
  const before = previousRtts === 'origin' ? { median: 0, spread: 0 } : stats(previousRtts)
  const here = stats(rtts)
  if (before === undefined || here === undefined) return undefined
  return { deltaMs: here.median - before.median, spreadMs: Math.max(before.spread, here.spread) }
}

/**
 * A link's label from the samples of every path that crosses it (the median of each): `3.2 ms` when the
 * difference is at least the noise (the larger of LATENCY_NOISE_FLOOR_MS and the spread); `<1 ms` when the samples
 * are tight (spread under the floor) and the difference within ±the floor; else no label (negative, or lost in
 * the samples' own scatter).
 */
export function latencyLabel (samples: readonly LinkSample[]): string | undefined {
  const delta = median(samples.map(s => s.deltaMs))
  const spread = median(samples.map(s => s.spreadMs))
  if (delta === undefined || spread === undefined) return undefined
  const noise = Math.max(LATENCY_NOISE_FLOOR_MS, spread)
  if (delta >= noise) return `${delta.toFixed(1)} ms`
  if (spread < LATENCY_NOISE_FLOOR_MS && Math.abs(delta) < LATENCY_NOISE_FLOOR_MS) return `<${LATENCY_NOISE_FLOOR_MS} ms`
  return undefined
}

function stats (values: readonly number[]): { median: number, spread: number } | undefined {
  const m = median(values)
  if (m === undefined) return undefined
  return { median: m, spread: Math.max(...values) - Math.min(...values) }
}

export function median (values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
