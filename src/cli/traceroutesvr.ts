#!/usr/bin/env node
// The seed assignment's server, `traceroutesvr -p <port>`: a peertrace node on that port (same as `peertrace node`,
// with the options a server's operator needs first; the others keep node's defaults).

import '../polyfill.js'
import { runNode } from './commands/node.js'
import { addNodeOptions, withNodeDefaults, type NodeFlags } from './node-options.js'
import { newProgram, runProgram } from './run-program.js'

const program = addNodeOptions(newProgram('traceroutesvr', 'parallel traceroute server: a peertrace node'),
  ['port', 'bootstrap', 'name', 'tag', 'country', 'city', 'asn', 'dataDir', 'allowTarget', 'http'])
  .action(async (flags: Partial<NodeFlags>) => {
    await runNode(withNodeDefaults(flags))
  })
await runProgram(program)
