// Whether a connection is dead, judged by membership rather than by libp2p's connection monitor (which aborts a
// connection, and every stream on it, at the first ping that misses its timeout: routine on a loaded host). Every
// connection is pinged each interval; only LIVENESS_STRIKES unanswered pings in a row close it, and a ping is not
// unanswered when the peer sent data on one of our streams while it was out. docs/overlay.md.

import type { Connection } from '@libp2p/interface'
import { byteStream } from '@libp2p/utils'
import { LIVENESS_STRIKES } from './constants.js'

/** libp2p's ping protocol (served by @libp2p/ping on every node; a client that lacks it is alive all the same). */
const PING_PROTOCOL = '/ipfs/ping/1.0.0'
const PING_LENGTH = 32

/** Pings one connection; resolves when it answered, rejects when it did not in time. */
export type PingConnection = (connection: Connection, signal: AbortSignal) => Promise<void>

export class Liveness {
  private readonly strikesToDie: number
  /** Unanswered pings in a row, by connection id. */
  private strikes = new Map<string, number>()
  /** When each peer last sent data on a stream of ours (monotonic ms), by peer id. */
  private readonly heardAt = new Map<string, number>()

  constructor (strikesToDie = LIVENESS_STRIKES) {
    this.strikesToDie = strikesToDie
  }

  /** The connection answered (or proved alive otherwise). */
  answered (connectionId: string): void {
    this.strikes.delete(connectionId)
  }

  /**
   * The peer sent data on a stream of ours at `at`: it is alive, whatever its pings do. A node that a load keeps
   * from answering a ping within its timeout (a new stream, a protocol negotiation and an echo, each waiting its
   * turn in both event loops) still carries traces over that connection: closing it as dead cut every one of them
   * (test/overlay/load.test.ts beside the suite: 64 traces at once, four neighbours' links closed mid-trace).
   */
  heard (peer: string, at: number): void {
    this.heardAt.set(peer, Math.max(at, this.heardAt.get(peer) ?? -Infinity))
  }

  /**
   * A ping went unanswered; true when that makes the connection dead. With `since` (the peer, and when the ping
   * was sent) it is no strike if the peer sent data since then: an answer of another kind.
   */
  missed (connectionId: string, since?: { peer: string, at: number }): boolean {
    if (since !== undefined && (this.heardAt.get(since.peer) ?? -Infinity) >= since.at) {
      this.answered(connectionId)
      return false
    }
    const strikes = (this.strikes.get(connectionId) ?? 0) + 1
    this.strikes.set(connectionId, strikes)
    return strikes >= this.strikesToDie
  }

  /** Forgets connections that are gone, and peers with no connection left (`peers`, when given). */
  keepOnly (connectionIds: Iterable<string>, peers?: Iterable<string>): void {
    const open = new Set(connectionIds)
    for (const id of this.strikes.keys()) if (!open.has(id)) this.strikes.delete(id)
    if (peers === undefined) return
    const connected = new Set(peers)
    for (const peer of this.heardAt.keys()) if (!connected.has(peer)) this.heardAt.delete(peer)
  }
}

/** 32 random bytes out, the same 32 back, on a new stream of the connection itself (never a new dial). */
export const pingConnection: PingConnection = async (connection, signal) => {
  let stream
  try {
    stream = await connection.newStream(PING_PROTOCOL, { signal, runOnLimitedConnection: true })
  } catch (err) {
    // The remote runs no ping service (a client): it answered the protocol negotiation, so it is alive.
    if ((err as Error).name === 'UnsupportedProtocolError') return
    throw err
  }
  try {
    const bytes = byteStream(stream)
    const sent = crypto.getRandomValues(new Uint8Array(PING_LENGTH))
    const [, echoed] = await Promise.all([bytes.write(sent, { signal }), bytes.read({ bytes: PING_LENGTH, signal })])
    if (!equalBytes(sent, echoed.subarray())) throw new Error('ping answered with other bytes')
    await stream.close({ signal })
  } catch (err) {
    stream.abort(err as Error)
    throw err
  }
}

function equalBytes (a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i])
}
