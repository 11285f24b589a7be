// Prints the per-hop medians as a Markdown table: readable in a terminal and pasted as it is into
// docs/benchmarks.md.

import { median } from '../../src/engine/wait-policy.js'
import { TOOL_LABELS, type SamplePool, type ToolId } from './samples.js'

const PAIRS: Array<[ToolId, ToolId]> = [['peertrace-icmp', 'traceroute-icmp'], ['peertrace-udp', 'traceroute-udp']]

/** ms with µs resolution, as both tools report. */
function ms (value: number | undefined): string {
  return value === undefined ? '–' : value.toFixed(3)
}

function signed (value: number | undefined): string {
  if (value === undefined) return '–'
  return `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(3)}`
}

export function rttTable (title: string, pool: SamplePool): string {
  const header = ['hop', 'address']
  for (const [ours, theirs] of PAIRS) header.push(TOOL_LABELS[ours], TOOL_LABELS[theirs], 'difference')
  const lines = [`#### ${title}`, '', `| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`]
  for (const ttl of pool.ttls()) {
    const addrs = new Set(PAIRS.flat().flatMap(tool => pool.addresses(tool, ttl)))
    const cells = [String(ttl), [...addrs].join(' ≠ ') || '*']
    for (const [ours, theirs] of PAIRS) {
      const a = pool.median(ours, ttl)
      const b = pool.median(theirs, ttl)
      cells.push(`${ms(a)} (${pool.count(ours, ttl)})`, `${ms(b)} (${pool.count(theirs, ttl)})`,
        signed(a !== undefined && b !== undefined ? a - b : undefined))
    }
    lines.push(`| ${cells.join(' | ')} |`)
  }
  const firsts = PAIRS.flat().flatMap(tool => {
    const samples = pool.firstSamples.get(tool) ?? []
    return samples.length === 0 ? [] : [`${TOOL_LABELS[tool]} ${ms(median(samples))} (max ${ms(Math.max(...samples))})`]
  })
  if (firsts.length > 0) lines.push('', `First sample of each run (hop 1, query 1), median over runs: ${firsts.join('; ')}`)
  lines.push('')
  return lines.join('\n')
}
