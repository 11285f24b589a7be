// The requester of the WAN runs, started by run.ts inside a site's namespace: a fresh client node asks for one
// trace the given design's way (cold: its dials are timed), then once more (warm), with the probe options
// `peertrace trace` uses by default, and prints both timings and every vantage's probe time as one JSON line.
//
//   node dist/bench/overlay/wan-client.js --design flood --entry MULTIADDR --peer MULTIADDR… --target ADDR

import '../../src/polyfill.js'
import { parseArgs } from 'node:util'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { multiaddr } from '@multiformats/multiaddr'
import { defaults } from '../../src/engine/index.js'
import { createClientNode } from '../../src/node/create-node.js'
import { DEFAULT_HOP_BUDGET } from '../../src/node/constants.js'
import { KeyAuthenticator } from '../../src/protocol/index.js'
import { REQUEST_TIMEOUT_MS } from './constants.js'
import { DESIGNS, ask, type AskTiming, type Design } from './designs.js'

export interface WanClientOutput {
  cold: AskTiming
  warm: AskTiming
}

/** What `peertrace trace` asks for when given no option. */
export const CLI_DEFAULT_PROBE = {
  method: 'icmp' as const,
  maxHops: defaults.DEFAULT_MAX_HOPS,
  firstHop: 1,
  queries: defaults.DEFAULT_QUERIES,
  waitMs: defaults.DEFAULT_WAIT_MS
}

async function main (): Promise<void> {
  const { values } = parseArgs({
    options: {
      design: { type: 'string' },
      entry: { type: 'string' },
      peer: { type: 'string', multiple: true },
      target: { type: 'string' }
    }
  })
  const design = values.design as Design
  if (!DESIGNS.includes(design) || values.entry === undefined || values.peer === undefined || values.target === undefined) {
    throw new Error('usage: wan-client.js --design flood|sequential|parallel --entry MULTIADDR --peer MULTIADDR… --target ADDR')
  }
  const key = await generateKeyPair('Ed25519')
  const client = await createClientNode(key)
  try {
    const init = {
      client,
      auth: new KeyAuthenticator(key),
      peers: values.peer.map(text => multiaddr(text)),
      entry: multiaddr(values.entry),
      target: values.target,
      probe: CLI_DEFAULT_PROBE,
      timeoutMs: REQUEST_TIMEOUT_MS,
      floodHopBudget: DEFAULT_HOP_BUDGET
    }
    const cold = await ask(design, init)
    const warm = await ask(design, init)
    const output: WanClientOutput = { cold, warm }
    process.stdout.write(JSON.stringify(output) + '\n')
  } finally {
    await client.stop()
  }
}

await main()
