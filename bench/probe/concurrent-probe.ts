// The benchmark's peertrace side of a concurrent scenario, run inside a lab node: N traces of one target at once
// on ONE ProbeEngine (what a node does when floods arrive together), one JSON result per line, in start order.
//
//   node dist/bench/probe/concurrent-probe.js N METHOD WAIT_MS TARGET [PORT]

import '../../src/polyfill.js'
import { ProbeEngine } from '../../src/engine/index.js'
import type { Method } from '../../src/engine/index.js'

const [count, method, waitMs, target, port] = process.argv.slice(2)
const engine = new ProbeEngine()
const options = { method: method as Method, waitMs: Number(waitMs), ...(port !== undefined ? { port: Number(port) } : {}) }
const results = await Promise.all(Array.from({ length: Number(count) }, async () => await engine.trace(target, options)))
process.stdout.write(results.map(result => JSON.stringify(result)).join('\n') + '\n')
