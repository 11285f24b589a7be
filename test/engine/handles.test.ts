// Every trace ends and leaves nothing behind: traces that end by themselves and traces aborted mid-way (with and
// without --rounds), at once on one engine, return the process's timers, sockets and handles to what it had before,
// and the process then exits by itself (a leftover handle would keep it alive until the harness kills it, which
// fails the test).

import assert from 'node:assert/strict'
import { createLab, requireRoot, silentRouter } from '../harness/index.js'
import type { Family, Lab } from '../harness/index.js'

const FIXTURE = new URL('./fixtures/handles.js', import.meta.url).pathname

/** Resource types and counts, order aside. */
function census (types: string[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const type of types) counts[type] = (counts[type] ?? 0) + 1
  return counts
}

describe('engine: traces leave no handle behind (silentRouter(3))', function () {
  let lab: Lab | undefined

  before(async function () {
    requireRoot(this)
    lab = await createLab(silentRouter(3))
  })

  after(async () => { await lab?.destroy() })

  for (const family of [4, 6] as Family[]) {
    it(`IPv${family}: finished and aborted traces, every method; the resources return to the baseline`, async () => {
      const dst = lab!.addr('dst', family)
      const jobs = [
        { target: dst, method: 'icmp' },
        { target: dst, method: 'udp' },
        { target: dst, method: 'tcp' },
        // Aborted at once, and while their probes are in flight.
        { target: dst, method: 'icmp', abortAfterMs: 0 },
        { target: dst, method: 'udp', abortAfterMs: 1 },
        { target: dst, method: 'tcp', abortAfterMs: 1 },
        // --rounds: to the end, and aborted between rounds (round 2 leaves 3.1 s after the path is found).
        { target: dst, method: 'icmp', rounds: 2 },
        { target: dst, method: 'udp', rounds: 3, abortAfterMs: 3500 }
      ]
      const run = await lab!.exec('src', [process.execPath, FIXTURE], { input: JSON.stringify(jobs), timeoutMs: 30_000 })
      assert.equal(run.code, 0, `fixture exited ${String(run.code ?? run.signal)}: ${run.stderr}`)
      const report = JSON.parse(run.stdout) as {
        results: Array<{ stop: string, hops: Array<string | null> }>, before: string[], after: string[], active: number
      }
      const path = lab!.path('src', 'dst', family).map(a => a === '*' ? null : a)
      const finished = report.results.filter((_, i) => jobs[i].abortAfterMs === undefined)
      assert.deepEqual(finished, finished.map(() => ({ stop: 'reached', hops: path })))
      for (const aborted of report.results.filter((_, i) => jobs[i].abortAfterMs !== undefined)) {
        assert.ok(['deadline', 'reached'].includes(aborted.stop), `aborted trace stopped: ${aborted.stop}`)
        // A cut-off trace reports a prefix of the true path.
        assert.deepEqual(aborted.hops, path.slice(0, aborted.hops.length))
      }
      assert.equal(report.active, 0)
      // Nothing the traces opened is left (stdio pipes may close in between, never open).
      const before = census(report.before)
      const left = Object.entries(census(report.after)).filter(([type, count]) => count > (before[type] ?? 0))
      assert.deepEqual(left, [], `before: ${report.before.join(',')}; after: ${report.after.join(',')}`)
    })
  }
})
