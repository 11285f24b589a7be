// The text formats against exact expected output: the seed's lines unchanged, lines with --rtt, and the mtr -r-like
// table computed from the per-probe records (loss, sent, last/avg/best/worst, standard deviation, jitter).

import assert from 'node:assert/strict'
import { formatHopTable } from '../../src/format/hop-table.js'
import { hopStats } from '../../src/format/hop-stats.js'
import { briefReason, summaryLine, vantageLine } from '../../src/format/lines.js'
import { formatTree } from '../../src/format/tree.js'
import type { VantageView } from '../../src/model/index.js'

const view: VantageView = {
  peer: 'p1',
  name: 's1',
  trace: {
    target: 'example.net', addr: '198.51.100.7', method: 'icmp', startedAt: 0, srcAddr: '192.0.2.10', reached: true,
    stop: 'reached', durationMs: 1, probesSent: 10,
    hops: [
      { ttl: 1, addr: '10.0.0.1', rtts: [0.5, 0.3], probes: [{ addr: '10.0.0.1', rtt: 0.5 }, { addr: null }, { addr: '10.0.0.1', rtt: 0.3 }, { addr: null }] },
      { ttl: 2, addr: null, rtts: [], probes: [{ addr: null }, { addr: null }, { addr: null }] },
      { ttl: 3, addr: '10.0.2.1', rtts: [2, 4], addrs: ['10.0.2.1', '10.0.2.9'], probes: [{ addr: '10.0.2.1', rtt: 2 }, { addr: '10.0.2.9', rtt: 4 }] },
      { ttl: 4, addr: '198.51.100.7', rtts: [4.5], flag: '!H', probes: [{ addr: '198.51.100.7', rtt: 4.5 }] }
    ]
  }
}

/** A tcp trace to a port: the target answers with a SYN-ACK (open) or, at another vantage point, a RST (closed). */
function tcpView (name: string, first: string, flags: string): VantageView {
  return {
    peer: `p-${name}`,
    name,
    trace: {
      target: 'example.net', addr: '198.51.100.7', method: 'tcp', startedAt: 0, reached: true, stop: 'reached',
      durationMs: 1, probesSent: 3,
      hops: [
        { ttl: 1, addr: first, rtts: [0.5], probes: [{ addr: first, rtt: 0.5 }] },
        { ttl: 2, addr: '198.51.100.7', rtts: [4.5, 4.4], probes: [{ addr: '198.51.100.7', rtt: 4.5, tcpFlags: flags }, { addr: '198.51.100.7', rtt: 4.4, tcpFlags: flags }] }
      ]
    }
  }
}

describe('text formats', () => {
  it('tcp: the target\'s answer after it, as traceroute -T -O info prints it, in lines, table and tree', () => {
    const open = tcpView('s1', '10.0.0.1', 'SA')
    const closed = tcpView('s2', '10.0.1.1', 'RA')
    assert.equal(vantageLine(open), 's1 10.0.0.1 198.51.100.7 <syn,ack>')
    assert.equal(vantageLine(closed, { rtt: true }), 's2 10.0.1.1 (0.500 ms) 198.51.100.7 (4.500 4.400 ms) <rst,ack>')
    assert.equal(formatHopTable(open).split('\n')[2],
      '  2.|-- 198.51.100.7 <syn,ack>         0.0%     2    4.4    4.5    4.4    4.5    0.1    0.1')
    assert.equal(formatTree('example.net', [open, closed]).split('\n')[0], 'example.net (target) <rst,ack> <syn,ack>  4.450 ms')
  })


  it('lines: the seed\'s format exactly, RTTs only with --rtt', () => {
    assert.equal(vantageLine(view), 's1 10.0.0.1 * 10.0.2.1 198.51.100.7 !H')
    assert.equal(vantageLine(view, { rtt: true }), 's1 10.0.0.1 (0.500 0.300 ms) * 10.0.2.1 (2.000 4.000 ms) 198.51.100.7 (4.500 ms) !H')
    assert.equal(vantageLine({ peer: 'p4', name: 's4', error: { code: 'X', message: 'target refused' } }, { rtt: true }), 's4 error: target refused')
  })

  it('table: one mtr -r row per hop from its probes, other responders below it', () => {
    assert.equal(formatHopTable(view), [
      'HOST: s1 (192.0.2.10) -> example.net  Loss%   Snt   Last    Avg   Best   Wrst  StDev   Javg',
      '  1.|-- 10.0.0.1                      50.0%     4    0.3    0.4    0.3    0.5    0.1    0.2',
      '  2.|-- ???                          100.0%     3    0.0    0.0    0.0    0.0    0.0    0.0',
      '  3.|-- 10.0.2.1                       0.0%     2    4.0    3.0    2.0    4.0    1.4    2.0',
      '    |   10.0.2.9',
      '  4.|-- 198.51.100.7 !H                0.0%     1    4.5    4.5    4.5    4.5    0.0    0.0',
      ''
    ].join('\n'))
    assert.equal(formatHopTable({ peer: 'p4', name: 's4', error: { code: 'X', message: 'target refused' } }), 'HOST: s4  error: target refused\n')
  })

  it('table statistics of a peer that predates per-probe records: its answers only', () => {
    const old = hopStats({ ttl: 1, addr: '10.0.0.1', rtts: [1, 2] })
    assert.deepEqual([old.sent, old.lost, old.lossPct, old.rtts, old.addrs], [2, 0, 0, [1, 2], ['10.0.0.1']])
    const silent = hopStats({ ttl: 2, addr: null, rtts: [] })
    assert.deepEqual([silent.sent, silent.lost, silent.lossPct, silent.rtts, silent.addrs], [0, 0, 100, [], []])
  })

  it('summary: failures listed briefly, named by name when known (the detail is in their own lines and the json)', () => {
    const line = summaryLine({
      target: 'example.net',
      answered: 2,
      failed: [
        { peer: 'p1', name: 's1', reason: 'ERR_CUT_OFF: the flood\'s deadline passed before this peer answered' },
        { peer: 'p4', name: 's4', reason: 'ERR_TARGET_POLICY: 10.0.0.1 is not a global unicast address (allow it with --allow-target)' },
        { peer: '12D3KooWAbCdEfGhcMU2PG', reason: 'connection lost: stream reset by the remote peer while reading' }
      ],
      unverified: 0,
      durationMs: 1500
    })
    assert.equal(line, 'answered 2/5, failed: s1 (cut off), s4 (policy), 12D3…cMU2PG (connection lost), 1.50 s')
    assert.equal(briefReason('ERR_SEND_FAILED: cannot send'), 'send failed')
    assert.equal(briefReason('x'.repeat(50)), 'x'.repeat(39) + '…')
  })
})
