// RIPE Atlas's traceroute result format (firmware 4610 and later, as ripe-atlas-sagan parses it): one object per
// vantage point, one packet entry per probe sent ({"x":"*"} for a lost one). Fields Atlas has and peertrace does not
// are derived as docs/formats.md says: prb_id and msm_id from the peer and request ids, paris_id, fw and lts fixed.
// Atlas has no per-packet host name or AS: what the requester knows of `from` is added as `hostname`, `asn` and
// `as_name` (keys Atlas does not define, which its parsers ignore).

import { NO_ANNOTATIONS, type Annotations, type Hop, type VantageView } from '../model/index.js'

/** The Atlas result-format version these objects follow (docs: "version 5000", any fw of 5000 or more). */
const ATLAS_FW = 5000
/** One Paris flow for the whole trace: Atlas numbers its flow variations from 1. */
const ATLAS_PARIS_ID = 1
/** Atlas's "the probe does not know whether its clock is in sync". */
const LTS_UNKNOWN = -1

type AtlasPacket =
  | { from: string, rtt: number, size?: number, ttl?: number, err?: string | number, flags?: string, hostname?: string, asn?: number, as_name?: string }
  | { x: '*' }

interface AtlasHop {
  hop: number
  result?: AtlasPacket[]
  error?: string
}

export interface AtlasTraceroute {
  fw: number
  lts: number
  af?: number
  dst_addr?: string
  dst_name: string
  from: string
  src_addr?: string
  proto?: string
  paris_id: number
  size?: number
  timestamp: number
  endtime: number
  msm_id: number
  msm_name: 'Traceroute'
  prb_id: number
  type: 'traceroute'
  result: AtlasHop[]
}

/** Atlas's `err` for an unreachable answer: its letters where it has one, else the ICMP code (traceroute's !<n>). */
const ERR_OF_FLAG: Record<string, string> = { '!N': 'N', '!H': 'H', '!P': 'P', '!X': 'A' }

export interface AtlasContext {
  /** The trace's request id (32 hex digits): msm_id. */
  requestId: string
  /** The target as asked, for results that carry no trace (errors). */
  target: string
  /** Unix ms, for results that say nothing of when they started (errors, peers that predate it). */
  fallbackTime: number
  /** Names and AS numbers of answering addresses, added to their packets. */
  annotations?: Annotations
}

export function atlasResult (v: VantageView, context: AtlasContext): AtlasTraceroute {
  const t = v.trace
  const started = t?.startedAt ?? context.fallbackTime
  const base: AtlasTraceroute = {
    fw: ATLAS_FW,
    lts: LTS_UNKNOWN,
    dst_name: t?.target ?? context.target,
    from: t?.srcAddr ?? '',
    paris_id: ATLAS_PARIS_ID,
    timestamp: Math.floor(started / 1000),
    endtime: Math.floor((started + (t?.durationMs ?? 0)) / 1000),
    msm_id: msmId(context.requestId),
    msm_name: 'Traceroute',
    prb_id: prbId(v.peer),
    type: 'traceroute',
    result: []
  }
  if (t === undefined) {
    base.result = [{ hop: 1, error: v.error?.message ?? 'no result' }]
    return base
  }
  base.af = t.addr.includes(':') ? 6 : 4
  base.dst_addr = t.addr
  if (t.srcAddr !== undefined) base.src_addr = t.srcAddr
  base.proto = t.method.toUpperCase()
  if (t.probeSize !== undefined) base.size = t.probeSize
  base.result = t.hops.map(hop => ({ hop: hop.ttl, result: packets(hop, context.annotations ?? NO_ANNOTATIONS) }))
  return base
}

export function atlasJson (v: VantageView, context: AtlasContext): string {
  return JSON.stringify(atlasResult(v, context))
}

function packets (hop: Hop, annotations: Annotations): AtlasPacket[] {
  const err = hop.flag === undefined ? undefined : ERR_OF_FLAG[hop.flag] ?? flagCode(hop.flag)
  const answered = (from: string, rtt: number, size?: number, ttl?: number, flags?: string): AtlasPacket => {
    const packet: AtlasPacket = { from, rtt }
    if (size !== undefined) packet.size = size
    if (ttl !== undefined) packet.ttl = ttl
    if (err !== undefined) packet.err = err
    // Atlas's TCP traceroute names the target's answer by its flags, in the letters peertrace keeps ('SA', 'RA').
    if (flags !== undefined) packet.flags = flags
    const known = annotations.get(from)
    if (known?.name !== undefined) packet.hostname = known.name
    if (known?.asn !== undefined) packet.asn = known.asn
    if (known?.asName !== undefined) packet.as_name = known.asName
    return packet
  }
  if (hop.probes !== undefined && hop.probes.length > 0) {
    return hop.probes.map(p => p.addr === null || p.rtt === undefined
      ? { x: '*' as const }
      : answered(p.addr, p.rtt, p.size, p.replyTtl, p.tcpFlags))
  }
  // A peer that predates per-probe records: its answers, and a lost marker for a silent hop.
  if (hop.addr === null) return [{ x: '*' }]
  return hop.rtts.map(rtt => answered(hop.addr as string, rtt))
}

/** traceroute's !<n> (an unreachable code without a letter) as Atlas prints it: the code. */
function flagCode (flag: string): string | number {
  const code = /^!<(\d+)>$/.exec(flag)?.[1]
  return code === undefined ? flag.replace(/^!/, '') : Number(code)
}

/** msm_id: the request id's first 31 bits, so one trace's results share it and Atlas's int fits. */
export function msmId (requestId: string): number {
  const head = Number.parseInt(requestId.slice(0, 8), 16)
  return Number.isNaN(head) ? 0 : head >>> 1
}

/** prb_id: a 31-bit FNV-1a hash of the peer id, the same for a peer in every trace. */
export function prbId (peer: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < peer.length; i++) {
    hash ^= peer.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash >>> 1
}
