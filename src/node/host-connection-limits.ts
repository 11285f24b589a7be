// Inbound connections per source address, as a libp2p connection gater: handshakes under way from one address
// (a TCP connection that never starts noise holds one until libp2p's inbound upgrade timeout), and connections
// open from it. libp2p bounds handshakes only all together (maxIncomingPendingConnections), so without this a
// few connections that never handshake shut every honest client out (docs/security.md, "Bounds everywhere").

import type { ConnectionGater, MultiaddrConnection } from '@libp2p/interface'

export interface HostConnectionLimitsInit {
  /** Inbound handshakes under way from one address at once. */
  pendingPerHost: number
  /** Inbound connections open from one address (handshaking or upgraded). */
  connectionsPerHost: number
}

type Stage = 'pending' | 'open' | 'gone'

export function hostConnectionLimits (init: HostConnectionLimitsInit): ConnectionGater {
  const pending = new Map<string, number>()
  const open = new Map<string, number>()
  const stages = new WeakMap<MultiaddrConnection, { host: string, stage: Stage }>()
  const leave = (entry: { host: string, stage: Stage }): void => {
    if (entry.stage === 'pending') bump(pending, entry.host, -1)
    if (entry.stage !== 'gone') bump(open, entry.host, -1)
    entry.stage = 'gone'
  }
  return {
    denyInboundConnection: (maConn) => {
      const host = hostOf(maConn)
      if (host === undefined) return false
      if ((pending.get(host) ?? 0) >= init.pendingPerHost || (open.get(host) ?? 0) >= init.connectionsPerHost) return true
      const entry = { host, stage: 'pending' as Stage }
      stages.set(maConn, entry)
      bump(pending, host, 1)
      bump(open, host, 1)
      maConn.addEventListener('close', () => { leave(entry) }, { once: true })
      return false
    },
    denyInboundUpgradedConnection: (_peer, maConn) => {
      const entry = stages.get(maConn)
      if (entry?.stage === 'pending') {
        bump(pending, entry.host, -1)
        entry.stage = 'open'
      }
      return false
    }
  }
}

function hostOf (maConn: MultiaddrConnection): string | undefined {
  return maConn.remoteAddr.getComponents().find((c) => c.name === 'ip4' || c.name === 'ip6')?.value
}

/** Tables keep only addresses with connections: bounded by the connections the node holds. */
function bump (table: Map<string, number>, key: string, by: number): void {
  const count = (table.get(key) ?? 0) + by
  if (count <= 0) table.delete(key)
  else table.set(key, count)
}
