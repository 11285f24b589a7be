// The merge rule of a flood, for relays and the requester: results a union by vantage peer id, failures a union by
// peer id, the peers relays said they asked a union too, all bounded; a result for another request, or whose
// signature does not check, never enters.

import { logger } from '@libp2p/logger'
import { MAX_PEER_ID_LENGTH } from '../model/limits.js'
import type { Failure, VantageResult } from './types.js'

const log = logger('peertrace:overlay:merge')

/** What became of a result offered to the merge. */
export type Admission = 'admitted' | 'duplicate' | 'unverified' | 'foreign' | 'full'

export class ResultMerger {
  private readonly requestId: string
  private readonly maxResults: number
  private readonly vantages = new Set<string>()
  private readonly failed = new Map<string, string>()
  /** Peers whose result this merge dropped for its signature (bounded like the results). */
  private readonly forged = new Set<string>()
  /** Each peer some relay said it forwarded the request to, with the first relay that said so. */
  private readonly asked = new Map<string, string>()
  private results = 0

  /** `self`: a relay's own id, which no downstream result may claim (its own result goes in through addOwn). */
  constructor (requestId: string, maxResults: number, self?: string) {
    this.requestId = requestId
    this.maxResults = maxResults
    if (self !== undefined) this.vantages.add(self)
  }

  /** Records this peer's own result: it is signed here, so there is nothing to check. */
  addOwn (): void {
    this.results++
  }

  /**
   * Offers a result from elsewhere. Cheap checks come first so that a duplicate costs no signature check; the
   * vantage is recorded only once the signature holds, so a forged copy cannot shadow the genuine one.
   */
  async admit (result: VantageResult, verify?: (result: VantageResult) => Promise<boolean>): Promise<Admission> {
    if (result.requestId !== this.requestId) return 'foreign'
    if (typeof result.peer !== 'string' || result.peer.length > MAX_PEER_ID_LENGTH) return 'foreign'
    if (this.vantages.has(result.peer)) return 'duplicate'
    if (this.results >= this.maxResults) return 'full'
    if (verify !== undefined && !(await verify(result).catch((err: unknown) => {
      log('signature of %s not checked: %s', result.peer, (err as Error)?.message ?? err)
      return false
    }))) {
      if (this.forged.size < this.maxResults) this.forged.add(result.peer)
      return 'unverified'
    }
    // A second copy may have been admitted while this one was being verified.
    if (this.vantages.has(result.peer)) return 'duplicate'
    this.vantages.add(result.peer)
    this.results++
    return 'admitted'
  }

  /** Whether a result for this vantage has been admitted (or it is the relay's own id). */
  has (peer: string): boolean {
    return this.vantages.has(peer)
  }

  /** Records failures seen at or below this peer; the first reason for a peer stands. */
  addFailures (failures: Iterable<Failure>): void {
    for (const { peer, reason } of failures) {
      if (this.failed.size >= this.maxResults) return
      if (!this.failed.has(peer)) this.failed.set(peer, reason)
    }
  }

  /**
   * Records that `by` asked `peers`; returns those no relay had named before (what a relay passes on upstream).
   * `self` is never among the new ones: a relay answers for itself.
   */
  addAsked (by: string, peers: Iterable<string>): string[] {
    const added: string[] = []
    for (const peer of peers) {
      if (this.asked.size >= this.maxResults) break
      if (this.asked.has(peer)) continue
      this.asked.set(peer, by)
      added.push(peer)
    }
    return added
  }

  /**
   * The peers some relay asked that neither answered nor were reported failed: a relay that died (or a link that
   * broke) on the way took their results with it. Only a requester, or the entry peer, sees every path, so only
   * they can tell.
   */
  unanswered (): Failure[] {
    const out: Failure[] = []
    for (const [peer, by] of this.asked) {
      if (this.vantages.has(peer) || this.failed.has(peer)) continue
      out.push({
        peer,
        reason: this.forged.has(peer)
          ? 'ERR_UNVERIFIED: its result came back, but its signature did not check'
          : `ERR_NO_ANSWER: asked by ${by}, but neither its result nor its failure came back`
      })
    }
    return out
  }

  failures (): Failure[] {
    return [...this.failed].map(([peer, reason]) => ({ peer, reason }))
  }
}
