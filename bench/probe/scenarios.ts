// The four situations the benchmark traces through: one line of routers, changed in one way per scenario.

import { line, rateLimitedTarget, silentRouter, unreachable } from '../../test/harness/index.js'
import type { Lab, TopologySpec } from '../../test/harness/index.js'
import { ROUTERS, SPECIAL_ROUTER } from './constants.js'

export interface Scenario {
  id: string
  title: string
  spec: TopologySpec
  /** The address traced, once the lab exists. */
  target: (lab: Lab) => string
}

const dst = (lab: Lab): string => lab.addr('dst', 4)

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
  }
]
