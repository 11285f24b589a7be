#!/usr/bin/env node
// The peertrace command line: one subcommand per file under commands/.

import '../polyfill.js'
import { historyCommand } from './commands/history.js'
import { nodeCommand } from './commands/node.js'
import { peersCommand } from './commands/peers.js'
import { probeCommand } from './commands/probe.js'
import { showCommand } from './commands/show.js'
import { swarmKeyCommand } from './commands/swarm-key.js'
import { traceCommand } from './commands/trace.js'
import { newProgram, runProgram } from './run-program.js'

const program = newProgram('peertrace', 'peer-to-peer traceroute measurement network')
probeCommand(program)
nodeCommand(program)
traceCommand(program)
peersCommand(program)
historyCommand(program)
showCommand(program)
swarmKeyCommand(program)
await runProgram(program)
