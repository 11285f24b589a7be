// The mtr statistics of a hop from fixed per-probe records, worked out by hand: with rounds, only the rounds'
// probes count (Snt = rounds); loss, last/avg/best/worst, sample standard deviation and jitter over the answers.

import assert from 'node:assert/strict'
import { formatHopTable } from '../../src/format/hop-table.js'
import { hopStats } from '../../src/format/hop-stats.js'
import type { Hop, Probe } from '../../src/model/index.js'

const A = '10.0.0.2'
/** Eight rounds, lost in rounds 2 and 5; answered RTTs 1, 3, 2, 6, 4, 4 ms. */
const ROUND_RTTS = [1, null, 3, 2, null, 6, 4, 4]
const rounds: Probe[] = ROUND_RTTS.map((rtt, i) => rtt === null ? { addr: null, round: i + 1 } : { addr: A, rtt, round: i + 1 })
/** What found the path: three answers and a lost retry, none of which the rounds' statistics may count. */
const discovery: Probe[] = [{ addr: A, rtt: 50 }, { addr: null }, { addr: A, rtt: 60 }, { addr: A, rtt: 70 }]
const hop: Hop = { ttl: 2, addr: A, rtts: [50, 60, 70], probes: [...discovery, ...rounds] }

describe('hop statistics (mtr mode)', () => {
  it('from the rounds alone: Snt 8, 2 lost = 25 %, and the RTT figures of the six answers', () => {
    const s = hopStats(hop)
    assert.deepEqual([s.sent, s.lost, s.lossPct, s.rtts, s.addrs], [8, 2, 25, [1, 3, 2, 6, 4, 4], [A]])
    assert.deepEqual([s.last, s.best, s.worst], [4, 1, 6])
    assert.equal(s.avg, 20 / 6)
    // Deviations from 10/3: -7/3 -1/3 -4/3 8/3 2/3 2/3; squares sum to 138/9; over n - 1 = 5.
    assert.ok(Math.abs(s.stdev - Math.sqrt(138 / 9 / 5)) < 1e-12, String(s.stdev))
    // Consecutive answers (lost probes skipped): |3-1| |2-3| |6-2| |4-6| |4-4| = 2 1 4 2 0.
    assert.deepEqual([s.jitter, s.javg, s.jmax], [0, 9 / 5, 4])
  })

  it('without rounds, every probe sent counts (the path\'s own probes)', () => {
    const s = hopStats({ ...hop, probes: discovery })
    assert.deepEqual([s.sent, s.lost, s.lossPct, s.rtts], [4, 1, 25, [50, 60, 70]])
    assert.deepEqual([s.stdev, s.javg, s.jmax, s.jitter], [10, 10, 10, 10])
  })

  it('one answer, or none: spread and jitter 0, and 100 % for a hop that never answered', () => {
    const one = hopStats({ ttl: 1, addr: A, rtts: [], probes: [{ addr: A, rtt: 2.5, round: 1 }, { addr: null, round: 2 }] })
    assert.deepEqual([one.sent, one.lossPct, one.last, one.avg, one.best, one.worst, one.stdev, one.javg], [2, 50, 2.5, 2.5, 2.5, 2.5, 0, 0])
    const none = hopStats({ ttl: 3, addr: null, rtts: [], probes: [{ addr: null, round: 1 }, { addr: null, round: 2 }] })
    assert.deepEqual([none.sent, none.lost, none.lossPct, none.last, none.stdev], [2, 2, 100, 0, 0])
  })

  it('the table: one row per hop from the rounds; a hop silent while the path was found but answering in rounds is named', () => {
    const silentThenAnswering: Hop = {
      ttl: 3, addr: null, rtts: [], probes: [{ addr: null }, { addr: null }, { addr: null }, { addr: null, round: 1 }, { addr: '10.0.0.3', rtt: 7, round: 2 }]
    }
    const table = formatHopTable({
      peer: 'p', name: 'vp',
      trace: { target: 't', addr: '192.0.2.9', method: 'icmp', reached: false, durationMs: 1, probesSent: 1, hops: [hop, silentThenAnswering] }
    })
    assert.equal(table, [
      'HOST: vp -> t                         Loss%   Snt   Last    Avg   Best   Wrst  StDev   Javg',
      '  2.|-- 10.0.0.2                      25.0%     8    4.0    3.3    1.0    6.0    1.8    1.8',
      '  3.|-- 10.0.0.3                      50.0%     2    7.0    7.0    7.0    7.0    0.0    0.0',
      ''
    ].join('\n'))
  })
})
