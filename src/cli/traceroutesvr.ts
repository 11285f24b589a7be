#!/usr/bin/env node
// The seed assignment's server, `traceroutesvr -p <port>`: a peertrace node on that port (same as `peertrace node`).

import '../polyfill.js'
import { hostname } from 'node:os'
import { defaultDataDir, runNode } from './commands/node.js'
import { DEFAULT_HISTORY_MAX_AGE_DAYS, DEFAULT_HISTORY_MAX_TRACES } from '../history/constants.js'
import { DEFAULT_MIN_NEIGHBOURS } from '../node/constants.js'
import { integer } from './option-parsers.js'
import { newProgram, runProgram } from './run-program.js'

const program = newProgram('traceroutesvr', 'parallel traceroute server: a peertrace node')
  .requiredOption('-p, --port <port>', 'TCP port to listen on', integer(0, 65535))
  .option('-b, --bootstrap <addr>', 'a peer to join through (repeatable)', (v: string, p: string[]) => [...p, v], [])
  .option('-n, --name <name>', 'label of this vantage point', hostname())
  .action(async (flags: { port: number, bootstrap: string[], name: string }) => {
    await runNode({
      ...flags, host: '0.0.0.0', dataDir: defaultDataDir(), minNeighbours: DEFAULT_MIN_NEIGHBOURS, allowTarget: [], denyTarget: [], allowPeer: [],
      history: true, historyMaxTraces: DEFAULT_HISTORY_MAX_TRACES, historyMaxAgeDays: DEFAULT_HISTORY_MAX_AGE_DAYS
    })
  })
await runProgram(program)
