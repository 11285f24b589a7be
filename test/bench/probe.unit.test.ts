// The probe benchmark's bookkeeping with the tcp rows: each of our rows is held against the references of its own
// method (tcp against traceroute -T and scamper's tcp trace), and a scenario whose truth differs by method prints
// each truth with the methods it holds for.

import assert from 'node:assert/strict'
import { compare, summarise } from '../../bench/probe/summary.js'
import type { RunRecord } from '../../bench/probe/summary.js'
import { scenarioTable } from '../../bench/probe/table.js'
import { TOOLS } from '../../bench/probe/tools.js'
import type { Tool } from '../../bench/probe/tools.js'
import { probesOf } from '../../bench/probe/probe-counter.js'

function tool (id: string): Tool {
  const found = TOOLS.find(candidate => candidate.id === id)
  if (found === undefined) throw new Error(`no tool ${id}`)
  return found
}

/** One right run of a tool with this wall time and these probes. */
function row (id: string, wallMs: number, probes: number): ReturnType<typeof summarise> {
  const record: RunRecord = { run: 1, wallMs, probes, counters: { udp: 0, echoRequests: 0, tcpSyns: probes, all: probes }, right: true }
  return summarise(tool(id), [record])
}

describe('bench:probe bookkeeping (tcp rows)', () => {
  it('every tcp tool sends to the same port, and peertrace\'s tcp rows are held against the tcp references only', () => {
    const tcp = TOOLS.filter(t => t.method === 'tcp')
    assert.deepEqual(tcp.map(t => t.id), ['peertrace-tcp', 'peertrace-tcp-q1', 'traceroute-tcp', 'scamper-tcp'])
    const target = '198.18.6.2'
    // scamper takes the port inside its command string (trace -d), the others as -p.
    const ports = tcp.map(t => {
      const argv = t.argv(target)
      return t.id.startsWith('scamper') ? /-d (\d+)/.exec(argv.find(a => a.startsWith('trace ')) ?? '')?.[1] : argv[argv.indexOf('-p') + 1]
    })
    assert.deepEqual(ports, ['80', '80', '80', '80'])

    const rows = [row('peertrace-tcp', 200, 25), row('traceroute-udp', 5, 32), row('traceroute-tcp', 8, 34), row('scamper-tcp', 400, 7)]
    compare(rows)
    assert.deepEqual(rows[0].ratios, { fastestReference: 'traceroute-tcp', wallVsFastest: 25, probesVsTraceroute: 25 / 34 })
  })

  it('counts udp, echo requests and SYNs as probes, nothing else', () => {
    assert.equal(probesOf({ udp: 2, echoRequests: 3, tcpSyns: 5, all: 11 }), 10)
  })

  it('prints one truth when the methods agree, each method\'s when they differ', () => {
    const hops = ['198.18.0.2', '198.18.1.2']
    const table = (tcpHops: string[]): string => scenarioTable({
      id: 's', title: 't', target: '198.18.1.2', rows: [],
      truths: [{ method: 'icmp', paths: [hops] }, { method: 'udp', paths: [hops] }, { method: 'tcp', paths: [tcpHops] }]
    })
    assert.match(table(hops), /^Target 198\.18\.1\.2; truth: 198\.18\.0\.2 198\.18\.1\.2$/m)
    assert.match(table(['198.18.0.2', '*']),
      /^Target 198\.18\.1\.2; truth \(icmp, udp\): 198\.18\.0\.2 198\.18\.1\.2; truth \(tcp\): 198\.18\.0\.2 \*$/m)
  })
})
