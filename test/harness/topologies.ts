// Named topologies tests share. Hosts are named for their role (src, dst, t<i>, h<i>), routers r<i> (s<i> site and
// c<i> core routers in wan8). ICMP rate limiting is off everywhere unless the topology exists to show it, so that
// repeated traces see every answer.

import type { HostSpec, LinkSpec, RouterSpec, TopologySpec } from './spec.js'

const host = (name: string, rateLimit = false): HostSpec => ({ name, rateLimit })
const router = (name: string, extra: Omit<RouterSpec, 'name'> = {}): RouterSpec => ({ name, rateLimit: false, ...extra })
const routerNames = (count: number): string[] => Array.from({ length: count }, (_, i) => `r${i + 1}`)

/** Links joining consecutive names: a, b, c → a-b, b-c. */
function chain (names: string[]): LinkSpec[] {
  return names.slice(1).map((b, i) => ({ a: names[i], b }))
}

/** src — r1 — … — rN — dst: the path is exactly N routers then dst. */
export function line (nRouters = 3): TopologySpec {
  if (!Number.isInteger(nRouters) || nRouters < 1) throw new RangeError('line() needs at least one router')
  const routers = routerNames(nRouters)
  return {
    hosts: [host('src'), host('dst')],
    routers: routers.map(name => router(name)),
    links: chain(['src', ...routers, 'dst'])
  }
}

/** A line whose router `r<silent>` (the middle one by default) forwards but never sends time-exceeded: a '*'. */
export function silentRouter (nRouters = 3, silent = Math.ceil(nRouters / 2)): TopologySpec {
  return withRouter(line(nRouters), `r${silent}`, { silent: true })
}

/** A line whose router `r<lossy>` drops every `every`-th time-exceeded error it sends, the first included. */
export function lossyRouter (nRouters = 3, lossy = Math.ceil(nRouters / 2), every = 4): TopologySpec {
  return withRouter(line(nRouters), `r${lossy}`, { lossEvery: every })
}

/**
 * A line whose router `r<refusing>` has an unreachable route for its own prefix (lab.unreachableTarget()), with the
 * kernel's ICMP rate limit left on for it. dst stays reachable through it.
 */
export function unreachable (nRouters = 3, refusing = Math.ceil(nRouters / 2)): TopologySpec {
  return withRouter(line(nRouters), `r${refusing}`, { unreachable: true, rateLimit: true })
}

/** A line with free-answering routers and a dst that keeps the kernel's default ICMP rate limit. */
export function rateLimitedTarget (nRouters = 3): TopologySpec {
  const spec = line(nRouters)
  return { ...spec, hosts: spec.hosts.map(h => h.name === 'dst' ? { name: 'dst' } : h) }
}

/**
 * Two ECMP diamonds in a row, hashing on L4 so probes that vary ports spread out:
 *
 *   src — r1 < r2 > r4 < r5 — r6 > r9 — dst
 *             < r3 >     < r7 — r8 >
 *
 * Four equal-cost paths of seven hops. The second diamond's branches are two routers long, so classic traceroute
 * (a new flow per probe) can report false links at router level (r5 then r8), and both diamonds give false links
 * between interfaces (r2's address, then r4's address on the r3 link).
 */
export function ecmp (): TopologySpec {
  return {
    hosts: [host('src'), host('dst')],
    routers: routerNames(9).map(name => router(name)),
    links: [
      ...chain(['src', 'r1', 'r2', 'r4', 'r5', 'r6', 'r9', 'dst']),
      ...chain(['r1', 'r3', 'r4']),
      ...chain(['r4', 'r7', 'r8', 'r9'])
    ]
  }
}

/**
 * Three vantage hosts and a target, every path single (for the history and web view tests):
 *
 *   v1 — r1 ┐
 *   v3 ——— r1 — r3 — tgt      v1 and v3 reach tgt through r1 then r3; v2 through r2 then r3.
 *   v2 — r2 ┘
 */
export function trio (): TopologySpec {
  return {
    hosts: ['v1', 'v2', 'v3', 'tgt'].map(name => host(name)),
    routers: ['r1', 'r2', 'r3'].map(name => router(name)),
    links: [
      ...chain(['v1', 'r1', 'r3', 'tgt']),
      ...chain(['v2', 'r2', 'r3']),
      { a: 'v3', b: 'r1' }
    ]
  }
}

/**
 * src — r1, which fans out to `leaves` routers r2…; the targets t1…tN hang off those leaves in turn
 * (t1 behind r2, t2 behind r3, …). Every target is three hops from src.
 */
export function fanout (nTargets = 50, leaves = 3): TopologySpec {
  if (nTargets < 1 || leaves < 1) throw new RangeError('fanout() needs at least one target and one leaf router')
  const leafRouters = routerNames(leaves + 1).slice(1)
  const targets = Array.from({ length: nTargets }, (_, i) => `t${i + 1}`)
  return {
    hosts: [host('src'), ...targets.map(name => host(name))],
    routers: ['r1', ...leafRouters].map(name => router(name)),
    links: [
      { a: 'src', b: 'r1' },
      ...leafRouters.map(leaf => ({ a: 'r1', b: leaf })),
      ...targets.map((target, i) => ({ a: leafRouters[i % leaves], b: target }))
    ]
  }
}

/**
 * Eight sites for multi-peer tests: host h<i> behind its site router s<i>; the site routers hang off a core of four
 * routers c1…c4 in a ring with one diagonal (c1–c3), two sites per core router, and s1 and s5 dual-homed (also to
 * c2 and c4) for redundancy. Several site pairs have equal-cost paths across the core.
 *
 *   h1 — s1 ┐            ┌ s3 — h3
 *   h2 — s2 ┴ c1 ——— c2 ┴ s4 — h4
 *             |   ╲   |
 *   h7 — s7 ┬ c4 ——— c3 ┬ s5 — h5
 *   h8 — s8 ┘            └ s6 — h6          plus s1 — c2 and s5 — c4
 */
export function wan8 (): TopologySpec {
  const sites = Array.from({ length: 8 }, (_, i) => i + 1)
  const core = ['c1', 'c2', 'c3', 'c4']
  return {
    hosts: sites.map(i => host(`h${i}`)),
    routers: [...sites.map(i => router(`s${i}`)), ...core.map(name => router(name))],
    links: [
      ...sites.map(i => ({ a: `h${i}`, b: `s${i}` })),
      ...sites.map(i => ({ a: `s${i}`, b: core[Math.floor((i - 1) / 2)] })),
      { a: 's1', b: 'c2' },
      { a: 's5', b: 'c4' },
      ...chain([...core, 'c1']),
      { a: 'c1', b: 'c3' }
    ]
  }
}

/** wan8's core routers; sites 1-4 hang off c1 and c2, sites 5-8 off c3 and c4, so a split of the core halves it. */
export const WAN8_CORE = ['c1', 'c2', 'c3', 'c4']
export const wan8Half = (site: number): 0 | 1 => site <= 4 ? 0 : 1

/**
 * Public sites and sites behind a NAT around one core router: p<i> hang off c1 directly, n<i> behind their home
 * router g<i> (a NAT once the test calls masquerade(lab, 'g<i>', 'n<i>'); test/harness/nat.ts).
 *
 *   p1 ┐       ┌ g1 — n1
 *   p2 ┼ c1 ——─┼ g2 — n2
 *   p3 ┘       └ g3 — n3
 */
export function natSites (publicSites = 3, natSites = 3): TopologySpec {
  const pub = Array.from({ length: publicSites }, (_, i) => `p${i + 1}`)
  const nat = Array.from({ length: natSites }, (_, i) => i + 1)
  return {
    hosts: [...pub, ...nat.map(i => `n${i}`)].map(name => host(name)),
    routers: ['c1', ...nat.map(i => `g${i}`)].map(name => router(name)),
    links: [
      ...pub.map(p => ({ a: p, b: 'c1' })),
      ...nat.map(i => ({ a: `n${i}`, b: `g${i}` })),
      ...nat.map(i => ({ a: `g${i}`, b: 'c1' }))
    ]
  }
}

function withRouter (spec: TopologySpec, name: string, extra: Omit<RouterSpec, 'name'>): TopologySpec {
  if (!spec.routers.some(r => r.name === name)) throw new RangeError(`the topology has no router ${name}`)
  return { ...spec, routers: spec.routers.map(r => r.name === name ? { ...r, ...extra } : r) }
}
