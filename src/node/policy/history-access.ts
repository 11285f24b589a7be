// Who may read a node's history: its operator only. Over libp2p that is a client whose connection comes from this
// host (a loopback address or one of this host's own, as the kernel saw the TCP connection, so it cannot be
// claimed), or a client anywhere whose peer id is the node's operator key (noise proved it holds the key).

import { networkInterfaces } from 'node:os'
import ipaddr from 'ipaddr.js'

export type HistoryAccess = 'same-host' | 'operator-key'

export interface HistoryAccessInit {
  /** The peer id of the operator key (`<data-dir>/operator/`); none: only this host is the operator. */
  operatorId?: string
  /** This host's addresses; default: read from its interfaces on each check, so a new address counts at once. */
  localAddresses?: () => string[]
}

export class HistoryAccessRule {
  private readonly operatorId: string | undefined
  private readonly localAddresses: () => string[]

  constructor (init: HistoryAccessInit) {
    this.operatorId = init.operatorId
    this.localAddresses = init.localAddresses ?? hostAddresses
  }

  /** Why this client may read the history, or undefined if it may not. */
  check (remotePeer: string, remoteHost: string | undefined): HistoryAccess | undefined {
    if (this.operatorId !== undefined && remotePeer === this.operatorId) return 'operator-key'
    if (remoteHost !== undefined && this.isLocal(remoteHost)) return 'same-host'
    return undefined
  }

  /**
   * Whether a connection from `host` comes from this host: a loopback address or one of its own. The history counts
   * a trace requested from here as the operator's, by the same rule that lets such a client read it.
   */
  isLocal (host: string): boolean {
    let addr: ipaddr.IPv4 | ipaddr.IPv6
    try {
      addr = ipaddr.process(host)
    } catch {
      return false
    }
    if (addr.range() === 'loopback') return true
    const text = addr.toString()
    return this.localAddresses().some((local) => {
      try {
        return ipaddr.process(local).toString() === text
      } catch {
        return false
      }
    })
  }
}

function hostAddresses (): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address.replace(/%.*$/, '')))
}
