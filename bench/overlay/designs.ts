// The three ways a requester can get one trace from every peer, timed the same way: our flood (one request
// through one entry peer), and the two baselines with hop budget 0, so no peer relays: the original design (ask
// each peer in turn, waiting for its answer) and a direct parallel fan-out (ask every peer at once).

import { randomBytes } from 'node:crypto'
import type { Libp2p } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import { originate } from '../../src/overlay/index.js'
import type { OverlayTransport, ProbeSpec, TraceRequest } from '../../src/overlay/types.js'
import { KeyAuthenticator, REQUEST_ID_BYTES, TRACE_PROTOCOL } from '../../src/protocol/index.js'
import { streamLink } from '../../src/node/stream-link.js'

export const DESIGNS = ['flood', 'sequential', 'parallel'] as const
export type Design = typeof DESIGNS[number]

export interface AskInit {
  /** A client node (dials out only, so no peer counts it as an overlay neighbour). */
  client: Libp2p
  auth: KeyAuthenticator
  /** Every peer's full multiaddr (with /p2p/<id>); the flood enters at `entry`. */
  peers: Multiaddr[]
  entry: Multiaddr
  target: string
  probe: ProbeSpec
  /** The request's deadline, from the start. */
  timeoutMs: number
  /** The flood's radius; the baselines always send 0. */
  floodHopBudget: number
}

export interface AskTiming {
  design: Design
  /** From the start (before any dial) to the result of the last of the peers. */
  lastResultMs: number
  /** From the start to the last summary: every link ended. */
  totalMs: number
  /** Distinct vantage points heard from, and how many of those carried a trace. */
  results: number
  answered: number
  /** Failures the summaries named. */
  failed: number
  /** The longest probe among the vantages' traces (their own durationMs). */
  slowestProbeMs: number
  /** The error codes of the vantages that answered with an error, and how many gave each. */
  errors: Record<string, number>
  /** Requests the client itself sent (1 for the flood, one per peer for the baselines). */
  clientRequests: number
}

/** Runs one trace the `design` way; counts time from before the client's first dial. */
export async function ask (design: Design, init: AskInit): Promise<AskTiming> {
  const started = performance.now()
  const request = await signedRequest(init, design === 'flood' ? init.floodHopBudget : 0, Date.now() + init.timeoutMs)
  const transport = clientTransport(init)
  const signal = AbortSignal.timeout(init.timeoutMs + 1000)
  const heard = new Set<string>()
  let answered = 0
  let failed = 0
  let lastResultMs = 0
  let slowestProbeMs = 0
  const errors: Record<string, number> = {}
  const drain = async (entries: string[]): Promise<void> => {
    for await (const event of originate(transport, entries, request, init.auth, signal)) {
      if (event.type === 'result') {
        if (heard.has(event.result.peer)) continue
        heard.add(event.result.peer)
        if (event.result.trace !== undefined) {
          answered++
          slowestProbeMs = Math.max(slowestProbeMs, event.result.trace.durationMs)
        } else if (event.result.error !== undefined) {
          errors[event.result.error.code] = (errors[event.result.error.code] ?? 0) + 1
        }
        lastResultMs = performance.now() - started
      } else {
        failed += event.summary.failed.length
      }
    }
  }
  const all = init.peers.map(addr => addr.toString())
  if (design === 'flood') {
    await drain([init.entry.toString()])
  } else if (design === 'parallel') {
    await drain(all)
  } else {
    for (const peer of all) await drain([peer])
  }
  return {
    design,
    lastResultMs,
    totalMs: performance.now() - started,
    results: heard.size,
    answered,
    failed,
    slowestProbeMs,
    errors,
    clientRequests: design === 'flood' ? 1 : all.length
  }
}

/** Links are streams of the client's connection to that peer: dialled on first use, reused after. */
function clientTransport (init: AskInit): OverlayTransport {
  const byKey = new Map(init.peers.concat(init.entry).map(addr => [addr.toString(), addr]))
  return {
    self: init.auth.self,
    neighbours: () => [...byKey.keys()],
    open: async (peer, signal) => {
      const addr = byKey.get(peer)
      if (addr === undefined) throw new Error(`unknown peer ${peer}`)
      // With /p2p/<id> in the address, dial() returns the open connection to that peer when there is one.
      const connection = await init.client.dial(addr, { signal })
      const stream = await connection.newStream(TRACE_PROTOCOL, { signal })
      return streamLink(stream, connection.remotePeer.toString())
    }
  }
}

async function signedRequest (init: AskInit, hopBudget: number, deadline: number): Promise<TraceRequest> {
  return await init.auth.signRequest({
    id: randomBytes(REQUEST_ID_BYTES).toString('hex'),
    origin: init.auth.self,
    target: init.target,
    probe: init.probe,
    initialHopBudget: hopBudget,
    hopBudget,
    deadline,
    timestamp: Date.now()
  })
}
