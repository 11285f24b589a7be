// `-F atlas` against RIPE Atlas's own traceroute result (an Atlas result as its API returns it, in
// fixtures/atlas-traceroute.json): the same keys with the same JSON types, one packet per probe sent, {"x":"*"} for
// a lost one, and the derived fields exactly as docs/formats.md says.

import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { atlasResult, msmId, prbId } from '../../src/format/atlas.js'
import type { VantageView } from '../../src/model/index.js'

const example = JSON.parse(readFileSync(new URL('../../../test/format/fixtures/atlas-traceroute.json', import.meta.url), 'utf8')) as Record<string, unknown>
/** Atlas sets group_id only on measurements started as a group; peertrace has no groups. */
const NOT_APPLICABLE = ['group_id']

const REQUEST_ID = '8c1851a0' + '0'.repeat(24)
const PEER = '12D3KooWSite1xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'
const view: VantageView = {
  peer: PEER,
  name: 's1',
  trace: {
    target: 'example.net',
    addr: '198.51.100.7',
    method: 'icmp',
    startedAt: 1_566_878_947_250,
    srcAddr: '192.0.2.10',
    probeSize: 24,
    reached: true,
    stop: 'reached',
    durationMs: 15_300,
    probesSent: 7,
    hops: [
      { ttl: 1, addr: '10.0.0.1', rtts: [0.519, 0.451], probes: [{ addr: '10.0.0.1', rtt: 0.519, replyTtl: 64, size: 56 }, { addr: null }, { addr: '10.0.0.1', rtt: 0.451, replyTtl: 64, size: 56 }] },
      { ttl: 2, addr: null, rtts: [], probes: [{ addr: null }, { addr: null }, { addr: null }] },
      { ttl: 3, addr: '198.51.100.7', rtts: [4.5], flag: '!X', probes: [{ addr: '198.51.100.7', rtt: 4.5, replyTtl: 62, size: 56 }] }
    ]
  }
}

const jsonType = (v: unknown): string => Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v

describe('RIPE Atlas traceroute format', () => {
  it('has every key of the Atlas example, each with the same JSON type', () => {
    const ours = atlasResult(view, { requestId: REQUEST_ID, target: 'example.net', fallbackTime: 0 }) as unknown as Record<string, unknown>
    const expected = Object.keys(example).filter(k => !NOT_APPLICABLE.includes(k)).sort()
    assert.deepEqual(Object.keys(ours).sort(), expected)
    for (const key of expected) assert.equal(jsonType(ours[key]), jsonType(example[key]), key)
    const answered = (example.result as Array<{ result: Array<Record<string, unknown>> }>)[0].result[0]
    const ourAnswered = (ours.result as Array<{ result: Array<Record<string, unknown>> }>)[0].result[0]
    assert.deepEqual(Object.keys(ourAnswered).sort(), Object.keys(answered).sort())
    for (const key of Object.keys(answered)) assert.equal(jsonType(ourAnswered[key]), jsonType(answered[key]), key)
  })

  it('one packet per probe sent, lost ones as {"x":"*"}, unreachable as err; the derived fields as documented', () => {
    assert.deepEqual(atlasResult(view, { requestId: REQUEST_ID, target: 'example.net', fallbackTime: 0 }), {
      fw: 5000,
      lts: -1,
      af: 4,
      dst_addr: '198.51.100.7',
      dst_name: 'example.net',
      from: '192.0.2.10',
      src_addr: '192.0.2.10',
      proto: 'ICMP',
      paris_id: 1,
      size: 24,
      timestamp: 1_566_878_947,
      endtime: 1_566_878_962,
      msm_id: 0x8c1851a0 >>> 1,
      msm_name: 'Traceroute',
      prb_id: prbId(PEER),
      type: 'traceroute',
      result: [
        { hop: 1, result: [{ from: '10.0.0.1', rtt: 0.519, size: 56, ttl: 64 }, { x: '*' }, { from: '10.0.0.1', rtt: 0.451, size: 56, ttl: 64 }] },
        { hop: 2, result: [{ x: '*' }, { x: '*' }, { x: '*' }] },
        { hop: 3, result: [{ from: '198.51.100.7', rtt: 4.5, size: 56, ttl: 62, err: 'A' }] }
      ]
    })
  })

  it('a tcp trace: proto "TCP", the target\'s answers with Atlas\'s TCP flags ("SA" a SYN-ACK, "RA" a RST)', () => {
    const tcp: VantageView = {
      ...view,
      trace: {
        ...view.trace!,
        method: 'tcp',
        hops: [
          view.trace!.hops[0],
          { ttl: 2, addr: '198.51.100.7', rtts: [4.5, 4.4], probes: [
            { addr: '198.51.100.7', rtt: 4.5, replyTtl: 62, size: 44, tcpFlags: 'SA' }, { addr: null },
            { addr: '198.51.100.7', rtt: 4.4, replyTtl: 62, size: 40, tcpFlags: 'RA' }
          ] }
        ]
      }
    }
    const result = atlasResult(tcp, { requestId: REQUEST_ID, target: 'example.net', fallbackTime: 0 })
    assert.equal(result.proto, 'TCP')
    assert.deepEqual(result.result[1], { hop: 2, result: [
      { from: '198.51.100.7', rtt: 4.5, size: 44, ttl: 62, flags: 'SA' }, { x: '*' }, { from: '198.51.100.7', rtt: 4.4, size: 40, ttl: 62, flags: 'RA' }
    ] })
    // Routers' answers (ICMP) carry no flags.
    assert.ok(result.result[0].result?.every(p => !('flags' in p)))
  })

  it('msm_id is the request id\'s first 31 bits; prb_id a stable 31-bit hash of the peer id (FNV-1a)', () => {
    assert.equal(msmId('ffffffff' + '0'.repeat(24)), 0x7fffffff)
    assert.equal(msmId('00000002' + 'f'.repeat(24)), 1)
    // FNV-1a 32 of "a" is 0xe40c292c (the published test vector), halved.
    assert.equal(prbId('a'), 0xe40c292c >>> 1)
    assert.notEqual(prbId('peer-1'), prbId('peer-2'))
  })

  it('an error, and a peer that predates per-probe records', () => {
    const failed = atlasResult({ peer: PEER, name: 's4', error: { code: 'ERR_TARGET_POLICY', message: 'target refused' } },
      { requestId: REQUEST_ID, target: 'example.net', fallbackTime: 1_700_000_000_999 })
    assert.deepEqual(failed.result, [{ hop: 1, error: 'target refused' }])
    assert.equal(failed.timestamp, 1_700_000_000)
    assert.equal(failed.dst_name, 'example.net')
    const old = atlasResult({ peer: PEER, name: 'old', trace: { ...view.trace!, hops: [{ ttl: 1, addr: '10.0.0.1', rtts: [1, 2] }, { ttl: 2, addr: null, rtts: [] }] } },
      { requestId: REQUEST_ID, target: 'example.net', fallbackTime: 0 })
    assert.deepEqual(old.result, [{ hop: 1, result: [{ from: '10.0.0.1', rtt: 1 }, { from: '10.0.0.1', rtt: 2 }] }, { hop: 2, result: [{ x: '*' }] }])
  })
})
