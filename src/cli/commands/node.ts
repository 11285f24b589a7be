// `peertrace node`: runs a peer of the overlay (both a vantage point and a relay) until SIGINT/SIGTERM. The node
// wires itself (src/node/start-node.ts); this maps the flags to its options and prints what it reports.

import type { Command } from 'commander'
import type { StartNodeOptions } from '../../node/start-node.js'
import { addNodeOptions, type NodeFlags } from '../node-options.js'

export function nodeCommand (program: Command): void {
  addNodeOptions(program.command('node')
    .description('run a peertrace peer: it joins the overlay, relays trace requests and probes from here'))
    .action(async (flags: NodeFlags) => {
      await runNode(flags)
    })
}

export async function runNode (flags: NodeFlags): Promise<void> {
  // libp2p, multiaddr and the engine load only when a node really starts, so `--help` and `probe` start fast.
  const { startNode } = await import('../../node/start-node.js')
  const webView = flags.http === undefined ? undefined : (await import('../../web/server/node-web-view.js')).nodeWebView(flags.http)
  let stopping: Promise<void> | undefined
  const running = await startNode(nodeOptions(flags, webView), {
    onLocked: (lock) => {
      // Handlers as soon as the dir is locked: a signal during start-up stops the node once it is up (and frees the
      // lock), and one right after the lines a supervisor waits for stops it cleanly.
      stopping = new Promise<void>((resolve) => {
        const stop = (): void => { resolve() }
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
      })
      if (lock.tookOverFrom !== undefined) {
        process.stdout.write(`data dir ${lock.dir}: took over the lock of pid ${lock.tookOverFrom}, which no longer runs\n`)
      }
    },
    onListening: ({ node, name, bootstrapPeers, history, operatorId }) => {
      process.stdout.write(`peertrace node ${node.peerId.toString()} "${name}"\n`)
      for (const addr of node.getMultiaddrs()) process.stdout.write(`listening on ${addr.toString()}\n`)
      if (bootstrapPeers === 0) process.stdout.write('no bootstrap peers: this node starts a new overlay\n')
      if (history !== undefined) process.stdout.write(`history in ${history.file} (${history.traces} traces); operator ${operatorId}\n`)
    },
    onWebView: ({ url, loopbackOnly }) => {
      if (!loopbackOnly) {
        process.stderr.write(`warning: the web view listens on ${flags.http?.host}: anyone who reaches it can start traces from this node\n`)
      }
      process.stdout.write(`web view on ${url}\n`)
    },
    onNeighbours: (count) => { process.stdout.write(`neighbours: ${count}\n`) }
  })
  try {
    await stopping
  } finally {
    await running.stop()
  }
  process.stdout.write('stopped\n')
}

function nodeOptions (flags: NodeFlags, webView: StartNodeOptions['webView']): StartNodeOptions {
  const { history, historyMaxTraces, historyMaxAgeDays, http, ...options } = flags
  return { ...options, history: history ? { maxTraces: historyMaxTraces, maxAgeDays: historyMaxAgeDays } : undefined, webView }
}
