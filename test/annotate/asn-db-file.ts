// Small iptoasn TSV databases the tests draw (seeded) with their ground truth: which AS, country and name each range
// holds, for a linear scan to check the binary search against.

import ipaddr from 'ipaddr.js'
import { Prng } from '../harness/prng.js'

export interface DrawnRange {
  family: 4 | 6
  start: bigint
  end: bigint
  asn: number
  country: string
  name: string
}

function v4Text (n: bigint): string {
  return [24n, 16n, 8n, 0n].map(shift => String((n >> shift) & 255n)).join('.')
}

/** RFC 5952 text (`2001:db8::1`, the longest run of zero groups as `::`), as iptoasn writes IPv6 addresses. */
function v6Text (n: bigint): string {
  const bytes: number[] = []
  for (let shift = 120n; shift >= 0n; shift -= 8n) bytes.push(Number((n >> shift) & 0xffn))
  return ipaddr.fromByteArray(bytes).toString()
}

export const addrText = (family: 4 | 6, n: bigint): string => family === 4 ? v4Text(n) : v6Text(n)

/** `count` ranges per family, disjoint with gaps between them; about one in six is AS 0 (not routed). */
export function drawRanges (seed: number, count: number): DrawnRange[] {
  const prng = new Prng(seed)
  const ranges: DrawnRange[] = []
  for (const family of [4, 6] as const) {
    let at = family === 4 ? BigInt(prng.int(1, 1000)) : 0x20010db8n << 96n
    for (let i = 0; i < count; i++) {
      const size = family === 4 ? BigInt(prng.int(1, 1 << 16)) : BigInt(prng.int(1, 1 << 20)) << 64n
      const routed = !prng.chance(1 / 6)
      ranges.push({
        family,
        start: at,
        end: at + size - 1n,
        asn: routed ? prng.int(1, 4_200_000_000) : 0,
        country: routed ? prng.pick(['US', 'DE', 'NL', 'JP', 'None']) : 'None',
        name: routed ? `NET-${i} Example, Inc.` : 'Not routed'
      })
      // A gap (sometimes none: ranges that touch).
      at += size + (prng.chance(0.3) ? 0n : BigInt(prng.int(1, 5000)) << (family === 4 ? 0n : 64n))
    }
  }
  return ranges
}

/** The TSV, lines shuffled (the reader must not rely on the file's order). */
export function rangesTsv (ranges: readonly DrawnRange[], seed: number): string {
  const lines = ranges.map(r => [addrText(r.family, r.start), addrText(r.family, r.end), String(r.asn), r.country, r.name].join('\t'))
  return new Prng(seed).shuffle(lines).join('\n') + '\n'
}

/** The truth by linear scan: the routed range holding `n`, if any. */
export function rangeOf (ranges: readonly DrawnRange[], family: 4 | 6, n: bigint): DrawnRange | undefined {
  const r = ranges.find(r => r.family === family && r.start <= n && n <= r.end)
  return r === undefined || r.asn === 0 ? undefined : r
}
