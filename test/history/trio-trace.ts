// The history tests' trace on the trio lab: from v1's host through v1 to tgt, answered by both peers, each along
// its true path. Tests call this, not copy it.

import assert from 'node:assert/strict'
import type { Lab } from '../harness/index.js'
import type { PeerProcess } from '../harness/peer-process.js'
import { parseTraceJson, runTrace } from '../overlay/trace-client-runner.js'

/** The trio's peers, by name. */
export const TRIO_PEERS = ['v1', 'v2']

/** Runs the trace and asserts it was answered by every peer along its true path, nothing failed; its summary. */
export async function traceAnsweredByBoth (lab: Lab, entry: PeerProcess, target: string): Promise<ReturnType<typeof parseTraceJson>['summary']> {
  const run = await runTrace(lab, 'v1', entry, target)
  assert.equal(run.code, 0, JSON.stringify(run))
  const { results, summary } = parseTraceJson(run.stdout)
  assert.deepEqual(results.map(r => r.name).sort(), TRIO_PEERS)
  for (const r of results) assert.deepEqual(r.hops.map(h => h.addr), lab.path(r.name, 'tgt', 4), r.name)
  assert.equal(summary.answered, TRIO_PEERS.length)
  assert.deepEqual(summary.failed, [])
  return summary
}
