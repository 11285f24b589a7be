// Splits a lab's network in two with iptables in the routers between the halves: every TCP segment across the
// split is answered with a reset (both directions), everything else across it dropped. Links across die at their
// next segment, dials across are refused.

import assert from 'node:assert/strict'
import type { Lab } from './spec.js'

const CHAIN = 'SPLIT'

/** Installs the split in every router of `routers`; resolves with the function that lifts it again. */
export async function splitNetwork (lab: Lab, routers: string[], sideA: string[], sideB: string[]): Promise<() => Promise<void>> {
  const rules = sideA.flatMap(a => sideB.flatMap(b => [[a, b], [b, a]])).flatMap(([s, d]) => [
    `iptables -A ${CHAIN} -s ${s} -d ${d} -p tcp -j REJECT --reject-with tcp-reset`, `iptables -A ${CHAIN} -s ${s} -d ${d} -j DROP`
  ])
  const split = `iptables -N ${CHAIN} && iptables -I FORWARD -j ${CHAIN} && ${rules.join(' && ')}`
  for (const router of routers) {
    const result = await lab.exec(router, ['sh', '-c', split])
    assert.equal(result.code, 0, `split in ${router}: ${result.stderr}`)
  }
  return async () => {
    for (const router of routers) {
      const result = await lab.exec(router, ['sh', '-c', `iptables -D FORWARD -j ${CHAIN} && iptables -F ${CHAIN} && iptables -X ${CHAIN}`])
      assert.equal(result.code, 0, `lift in ${router}: ${result.stderr}`)
    }
  }
}
