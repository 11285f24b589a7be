// `peertrace history`: the traces a node recorded as their entry peer, newest first. Only the node's operator may
// read them: run it on the node's host, or give the operator key with --identity.

import type { Command } from 'commander'
import { historyJson, historyLine } from '../../format/history.js'
import { DEFAULT_HISTORY_LIST, MAX_HISTORY_LIST } from '../../history/constants.js'
import type { HistoryEntry } from '../../model/index.js'
import { integer } from '../option-parsers.js'
import { peerConnection, peerOptions, type PeerFlags } from '../peer-flags.js'

export const OPERATOR_IDENTITY_HELP = 'the node\'s operator key (a copy of its <data-dir>/operator), to read it from another host'

interface HistoryFlags extends PeerFlags {
  target?: string
  limit: number
  json?: boolean
}

export function historyCommand (program: Command): void {
  const command = program.command('history')
    .description('list the traces the node at -p PORT or --peer ADDR recorded, newest first')
  peerOptions(command, OPERATOR_IDENTITY_HELP)
    .option('--target <target>', 'only traces of this target')
    .option('-n, --limit <n>', 'at most this many', integer(1, MAX_HISTORY_LIST), DEFAULT_HISTORY_LIST)
    .option('--json', 'NDJSON: one object per trace (id, startedAt in unix ms, target, answered, failed)')
    .action(async (flags: HistoryFlags, command: Command) => {
      const connection = await peerConnection(flags, command, { createIdentity: false })
      const { queryHistory } = await import('../../node/client/history-client.js')
      const answers = await queryHistory({ ...connection, call: { kind: 'list', target: flags.target, limit: flags.limit } })
      const entries = answers.flatMap((a): HistoryEntry[] => a.type === 'entry' ? [a.entry] : [])
      for (const entry of entries) process.stdout.write((flags.json === true ? historyJson(entry) : historyLine(entry)) + '\n')
      if (entries.length === 0 && flags.json !== true) process.stderr.write('no traces recorded\n')
    })
}
