// The situations the benchmark traces through: one line of routers, changed in one way per scenario; one of them
// traced by several traces at once.

import { line, rateLimitedTarget, silentRouter, unreachable } from '../../test/harness/index.js'
import type { FirewallRule, Lab, TopologySpec } from '../../test/harness/index.js'
import { ROUTERS, SPECIAL_ROUTER } from './constants.js'

export interface Scenario {
  id: string
  title: string
  spec: TopologySpec
  /** The address traced, once the lab exists. */
  target: (lab: Lab) => string
  /** Traces of the target at once: peertrace in one process (one engine), each reference tool as that many processes. */
  concurrency?: number
  /**
   * The truth from the lab's trace truth (routes of every kind, firewalls) rather than its routing: for endings the
   * plain truth does not model (a firewalled target's trailing silence, a loop). Trailing silent rows are compared
   * up to the last answer: a tool may print as many '*' rows as it likes after it.
   */
  traceTruth?: boolean
}

const dst = (lab: Lab): string => lab.addr('dst', 4)

/** Traces at once in the concurrent scenario. */
const CONCURRENT_TRACES = 10

function withHostFirewall (spec: TopologySpec, host: string, rule: FirewallRule): TopologySpec {
  return { ...spec, hosts: spec.hosts.map(h => h.name === host ? { ...h, firewall: [rule] } : h) }
}

/** Every router and host keeps the kernel's ICMP rate limit, and `silent` sends no time-exceeded. */
function rateLimitedLine (silent: number, refusing?: number): TopologySpec {
  const spec = line(ROUTERS)
  return {
    hosts: spec.hosts.map(h => ({ name: h.name })),
    routers: spec.routers.map(r => ({
      name: r.name,
      ...(r.name === `r${silent}` ? { silent: true } : {}),
      ...(r.name === `r${refusing ?? -1}` ? { unreachable: true } : {})
    })),
    links: spec.links
  }
}

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'all-answer',
    title: `all routers answer: line(${ROUTERS}), no rate limits`,
    spec: line(ROUTERS),
    target: dst
  },
  {
    id: 'silent-router',
    title: `one silent router: silentRouter(${ROUTERS}), r${SPECIAL_ROUTER} sends no time-exceeded`,
    spec: silentRouter(ROUTERS, SPECIAL_ROUTER),
    target: dst
  },
  {
    id: 'rate-limited-target',
    title: `rate-limiting target: rateLimitedTarget(${ROUTERS}), dst keeps the kernel's ICMP rate limit`,
    spec: rateLimitedTarget(ROUTERS),
    target: dst
  },
  {
    id: 'unreachable',
    title: `unreachable, rate-limiting router: unreachable(${ROUTERS}), target in r${SPECIAL_ROUTER}'s refused prefix`,
    spec: unreachable(ROUTERS, SPECIAL_ROUTER),
    target: lab => lab.unreachableTarget(`r${SPECIAL_ROUTER}`, 4)
  },
  {
    id: 'silent-before-target',
    title: `a silent router right before the target: silentRouter(${ROUTERS}, ${ROUTERS})`,
    spec: silentRouter(ROUTERS, ROUTERS),
    target: dst
  },
  {
    id: 'unreachable-behind-silent',
    title: `a refused prefix right behind a silent router: r${SPECIAL_ROUTER - 1} silent, r${SPECIAL_ROUTER} refuses, kernel rate limits everywhere`,
    spec: rateLimitedLine(SPECIAL_ROUTER - 1, SPECIAL_ROUTER),
    target: lab => lab.unreachableTarget(`r${SPECIAL_ROUTER}`, 4)
  },
  {
    id: 'firewalled-target',
    title: `a target that drops every probe (iptables DROP on dst): trailing silence, line(${ROUTERS})`,
    spec: withHostFirewall(line(ROUTERS), 'dst', { chain: 'input', to: 'dst', action: { kind: 'drop' } }),
    target: dst,
    traceTruth: true
  },
  {
    id: 'loop',
    title: `a routing loop: a prefix r${SPECIAL_ROUTER} and r${SPECIAL_ROUTER + 1} route at each other, line(${ROUTERS})`,
    spec: { ...line(ROUTERS), prefixes: [{ name: 'looped', router: `r${SPECIAL_ROUTER + 1}`, kind: 'loop', via: `r${SPECIAL_ROUTER}` }] },
    target: lab => lab.addr('looped', 4),
    traceTruth: true
  },
  {
    id: 'concurrent',
    title: `${CONCURRENT_TRACES} traces at once through rate-limiting routers with a silent one (r${SPECIAL_ROUTER})`,
    spec: rateLimitedLine(SPECIAL_ROUTER),
    target: dst,
    concurrency: CONCURRENT_TRACES
  }
]
