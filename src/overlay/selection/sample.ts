// Drawing K vantage points among the matching ones (`trace --from EXPR --limit K`): each peer's rank for a request
// is a hash of the request id and its peer id, and the K lowest ranks win. The request id is 16 random bytes the
// requester draws, so every subset of K is equally likely, whoever is nearest the entry, and anyone holding the
// request can check the draw.

import { createHash } from 'node:crypto'

/** The peer's rank for this request: the first 8 bytes of SHA-256(request id bytes, peer id). */
export function selectionRank (requestId: string, peer: string): bigint {
  const digest = createHash('sha256').update(Buffer.from(requestId, 'hex')).update(peer).digest()
  return digest.readBigUInt64BE(0)
}

/** The `limit` peers of lowest rank, lowest first (all of them when there are no more than `limit`). */
export function drawVantages (requestId: string, peers: Iterable<string>, limit: number): string[] {
  const ranked = [...new Set(peers)].map((peer) => ({ peer, rank: selectionRank(requestId, peer) }))
  ranked.sort((a, b) => a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0)
  return ranked.slice(0, limit).map(({ peer }) => peer)
}
