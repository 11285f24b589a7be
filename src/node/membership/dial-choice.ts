// Whom a membership round dials, given the degree rule's plan: below the minimum, known peers at random (with no
// neighbour, or nobody known left, the bootstrap list too); in a sampling round, a bootstrap address never reached
// yet, else one more known peer. Apart from libp2p, so the same choice runs in a simulated overlay in tests.

import type { Plan } from './degree-window.js'

export interface DialChoiceInput {
  plan: Plan
  degree: number
  /** Known peers that may be dialled now (not connected, not dialling, not backing off), in random order. */
  known: readonly string[]
  /** Bootstrap addresses that may be dialled now (their peer not connected, not dialling, not backing off). */
  bootstrap: readonly string[]
  /** Of those, the ones whose peer was never reached. */
  unreached: ReadonlySet<string>
}

export interface DialChoice {
  known: string[]
  bootstrap: string[]
  /** Under the minimum with nobody known left: ask a neighbour for peers now rather than at the next exchange. */
  exchangeNow: boolean
}

export function chooseDials ({ plan, degree, known, bootstrap, unreached }: DialChoiceInput): DialChoice {
  const chosen = known.slice(0, plan.dial)
  const stranded = plan.dial > 0 && known.length < plan.dial
  // With no neighbour, or nobody known left to dial, the bootstrap peers we are not connected to: neighbours that
  // only know each other (an island, left when this node's own bootstrap dial failed and a newcomer then joined
  // through it) would otherwise never rejoin the overlay.
  const boot = (plan.dial > 0 && degree === 0) || stranded ? [...bootstrap] : []
  if (plan.sample) {
    const fresh = bootstrap.find(addr => unreached.has(addr) && !boot.includes(addr))
    if (fresh !== undefined) boot.push(fresh)
    else {
      const peer = known[chosen.length]
      if (peer !== undefined) chosen.push(peer)
    }
  }
  return { known: chosen, bootstrap: boot, exchangeNow: degree > 0 && stranded }
}
