// The situations the benchmark traces through: one line of routers, changed in one way per scenario; one of them
// traced by several traces at once.

import { line, rateLimitedTarget, silentRouter, unreachable } from '../../test/harness/index.js'
import type { Lab, TopologySpec } from '../../test/harness/index.js'
import { ROUTERS, SPECIAL_ROUTER } from './constants.js'

export interface Scenario {
  id: string
  title: string
  spec: TopologySpec
  /** The address traced, once the lab exists. */
  target: (lab: Lab) => string
  /** Traces of the target at once: peertrace in one process (one engine), each reference tool as that many processes. */
  concurrency?: number
}

const dst = (lab: Lab): string => lab.addr('dst', 4)

/** Traces at once in the concurrent scenario. */
const CONCURRENT_TRACES = 10

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
    id: 'concurrent',
    title: `${CONCURRENT_TRACES} traces at once through rate-limiting routers with a silent one (r${SPECIAL_ROUTER})`,
    spec: rateLimitedLine(SPECIAL_ROUTER),
    target: dst,
    concurrency: CONCURRENT_TRACES
  }
]
