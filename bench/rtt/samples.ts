// RTT samples per hop, pooled over runs (and over the traces of a loaded run), and their medians side by side.

import { median } from '../../src/engine/wait-policy.js'

export type ToolId = 'peertrace-icmp' | 'traceroute-icmp' | 'peertrace-udp' | 'traceroute-udp'

export const TOOL_LABELS: Record<ToolId, string> = {
  'peertrace-icmp': 'peertrace ICMP',
  'traceroute-icmp': 'traceroute -I',
  'peertrace-udp': 'peertrace UDP',
  'traceroute-udp': 'traceroute'
}

/** One tool's hops in one run: the address that answered each TTL, and its RTTs (ms). */
export interface HopSamples { ttl: number, addr: string | null, rtts: number[] }

/** Per tool: per TTL, every address seen and every RTT; and each run's first sample (TTL 1, query 1). */
export class SamplePool {
  readonly hops = new Map<ToolId, Map<number, { addrs: Set<string>, rtts: number[] }>>()
  readonly firstSamples = new Map<ToolId, number[]>()

  add (tool: ToolId, hops: HopSamples[], firstOfRun: boolean): void {
    const byTtl = this.hops.get(tool) ?? new Map<number, { addrs: Set<string>, rtts: number[] }>()
    this.hops.set(tool, byTtl)
    for (const hop of hops) {
      const entry = byTtl.get(hop.ttl) ?? { addrs: new Set<string>(), rtts: [] }
      byTtl.set(hop.ttl, entry)
      if (hop.addr !== null) entry.addrs.add(hop.addr)
      entry.rtts.push(...hop.rtts)
    }
    const first = hops.find(hop => hop.ttl === 1)?.rtts[0]
    if (firstOfRun && first !== undefined) this.firstSamples.set(tool, [...(this.firstSamples.get(tool) ?? []), first])
  }

  ttls (): number[] {
    const all = new Set<number>()
    for (const byTtl of this.hops.values()) for (const ttl of byTtl.keys()) all.add(ttl)
    return [...all].sort((a, b) => a - b)
  }

  median (tool: ToolId, ttl: number): number | undefined {
    const rtts = this.hops.get(tool)?.get(ttl)?.rtts ?? []
    return rtts.length === 0 ? undefined : median(rtts)
  }

  count (tool: ToolId, ttl: number): number {
    return this.hops.get(tool)?.get(ttl)?.rtts.length ?? 0
  }

  addresses (tool: ToolId, ttl: number): string[] {
    return [...(this.hops.get(tool)?.get(ttl)?.addrs ?? [])]
  }

  toJSON (): unknown {
    const hops: Record<string, Record<number, { addrs: string[], rtts: number[] }>> = {}
    for (const [tool, byTtl] of this.hops) {
      hops[tool] = Object.fromEntries([...byTtl].map(([ttl, e]) => [ttl, { addrs: [...e.addrs], rtts: e.rtts }]))
    }
    return { hops, firstSamples: Object.fromEntries(this.firstSamples) }
  }
}
