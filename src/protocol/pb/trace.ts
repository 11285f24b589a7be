import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface ProbeSpec {
  method: string
  maxHops: number
  firstHop: number
  queries: number
  waitMs: number
  rounds?: number
  port?: number
}

export namespace ProbeSpec {
  let _codec: Codec<ProbeSpec>

  export const codec = (): Codec<ProbeSpec> => {
    if (_codec == null) {
      _codec = message<ProbeSpec>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.method != null && obj.method !== '')) {
          w.uint32(10)
          w.string(obj.method)
        }

        if ((obj.maxHops != null && obj.maxHops !== 0)) {
          w.uint32(16)
          w.uint32(obj.maxHops)
        }

        if ((obj.firstHop != null && obj.firstHop !== 0)) {
          w.uint32(24)
          w.uint32(obj.firstHop)
        }

        if ((obj.queries != null && obj.queries !== 0)) {
          w.uint32(32)
          w.uint32(obj.queries)
        }

        if ((obj.waitMs != null && obj.waitMs !== 0)) {
          w.uint32(40)
          w.uint32(obj.waitMs)
        }

        if (obj.rounds != null) {
          w.uint32(48)
          w.uint32(obj.rounds)
        }

        if (obj.port != null) {
          w.uint32(56)
          w.uint32(obj.port)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          method: '',
          maxHops: 0,
          firstHop: 0,
          queries: 0,
          waitMs: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.method = reader.string()
              break
            }
            case 2: {
              obj.maxHops = reader.uint32()
              break
            }
            case 3: {
              obj.firstHop = reader.uint32()
              break
            }
            case 4: {
              obj.queries = reader.uint32()
              break
            }
            case 5: {
              obj.waitMs = reader.uint32()
              break
            }
            case 6: {
              obj.rounds = reader.uint32()
              break
            }
            case 7: {
              obj.port = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.method`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.maxHops`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.firstHop`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.queries`,
                value: reader.uint32()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.waitMs`,
                value: reader.uint32()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.rounds`,
                value: reader.uint32()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.port`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ProbeSpecMethodFieldEvent {
    field: '$.method'
    value: string
  }

  export interface ProbeSpecMaxHopsFieldEvent {
    field: '$.maxHops'
    value: number
  }

  export interface ProbeSpecFirstHopFieldEvent {
    field: '$.firstHop'
    value: number
  }

  export interface ProbeSpecQueriesFieldEvent {
    field: '$.queries'
    value: number
  }

  export interface ProbeSpecWaitMsFieldEvent {
    field: '$.waitMs'
    value: number
  }

  export interface ProbeSpecRoundsFieldEvent {
    field: '$.rounds'
    value: number
  }

  export interface ProbeSpecPortFieldEvent {
    field: '$.port'
    value: number
  }

  export function encode (obj: Partial<ProbeSpec>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ProbeSpec.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ProbeSpec>): ProbeSpec {
    return decodeMessage(buf, ProbeSpec.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ProbeSpec>): Generator<ProbeSpecMethodFieldEvent | ProbeSpecMaxHopsFieldEvent | ProbeSpecFirstHopFieldEvent | ProbeSpecQueriesFieldEvent | ProbeSpecWaitMsFieldEvent | ProbeSpecRoundsFieldEvent | ProbeSpecPortFieldEvent> {
    return streamMessage(buf, ProbeSpec.codec(), opts)
  }
}

export interface TraceRequest {
  id: Uint8Array<ArrayBuffer>
  origin: string
  target: string
  probe?: ProbeSpec
  initialHopBudget: number
  hopBudget: number
  deadline: bigint
  timestamp: bigint
  signature: Uint8Array<ArrayBuffer>
  entry?: string
  entryAddrs: string[]
  reportAsked?: boolean
  siblings: string[]
  direct?: boolean
  selector?: Selector
}

export namespace TraceRequest {
  let _codec: Codec<TraceRequest>

  export const codec = (): Codec<TraceRequest> => {
    if (_codec == null) {
      _codec = message<TraceRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.id != null && obj.id.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.id)
        }

        if ((obj.origin != null && obj.origin !== '')) {
          w.uint32(18)
          w.string(obj.origin)
        }

        if ((obj.target != null && obj.target !== '')) {
          w.uint32(26)
          w.string(obj.target)
        }

        if (obj.probe != null) {
          w.uint32(34)
          ProbeSpec.codec().encode(obj.probe, w)
        }

        if ((obj.initialHopBudget != null && obj.initialHopBudget !== 0)) {
          w.uint32(40)
          w.uint32(obj.initialHopBudget)
        }

        if ((obj.hopBudget != null && obj.hopBudget !== 0)) {
          w.uint32(48)
          w.uint32(obj.hopBudget)
        }

        if ((obj.deadline != null && obj.deadline !== 0n)) {
          w.uint32(56)
          w.uint64(obj.deadline)
        }

        if ((obj.timestamp != null && obj.timestamp !== 0n)) {
          w.uint32(64)
          w.uint64(obj.timestamp)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(74)
          w.bytes(obj.signature)
        }

        if (obj.entry != null) {
          w.uint32(82)
          w.string(obj.entry)
        }

        if (obj.entryAddrs != null && obj.entryAddrs.length > 0) {
          for (const value of obj.entryAddrs) {
            w.uint32(90)
            w.string(value)
          }
        }

        if (obj.reportAsked != null) {
          w.uint32(96)
          w.bool(obj.reportAsked)
        }

        if (obj.siblings != null && obj.siblings.length > 0) {
          for (const value of obj.siblings) {
            w.uint32(106)
            w.string(value)
          }
        }

        if (obj.direct != null) {
          w.uint32(112)
          w.bool(obj.direct)
        }

        if (obj.selector != null) {
          w.uint32(162)
          Selector.codec().encode(obj.selector, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          id: uint8ArrayAlloc(0),
          origin: '',
          target: '',
          initialHopBudget: 0,
          hopBudget: 0,
          deadline: 0n,
          timestamp: 0n,
          signature: uint8ArrayAlloc(0),
          entryAddrs: [],
          siblings: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.id = reader.bytes()
              break
            }
            case 2: {
              obj.origin = reader.string()
              break
            }
            case 3: {
              obj.target = reader.string()
              break
            }
            case 4: {
              obj.probe = ProbeSpec.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.probe
              })
              break
            }
            case 5: {
              obj.initialHopBudget = reader.uint32()
              break
            }
            case 6: {
              obj.hopBudget = reader.uint32()
              break
            }
            case 7: {
              obj.deadline = reader.uint64()
              break
            }
            case 8: {
              obj.timestamp = reader.uint64()
              break
            }
            case 9: {
              obj.signature = reader.bytes()
              break
            }
            case 10: {
              obj.entry = reader.string()
              break
            }
            case 11: {
              if (opts.limits?.entryAddrs != null && obj.entryAddrs.length === opts.limits.entryAddrs) {
                throw new MaxLengthError('Decode error - repeated field "entryAddrs" had too many elements')
              }

              obj.entryAddrs.push(reader.string())
              break
            }
            case 12: {
              obj.reportAsked = reader.bool()
              break
            }
            case 13: {
              if (opts.limits?.siblings != null && obj.siblings.length === opts.limits.siblings) {
                throw new MaxLengthError('Decode error - repeated field "siblings" had too many elements')
              }

              obj.siblings.push(reader.string())
              break
            }
            case 14: {
              obj.direct = reader.bool()
              break
            }
            case 20: {
              obj.selector = Selector.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.selector
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          entryAddrs: 0,
          siblings: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.id`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.origin`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.target`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield * ProbeSpec.codec().stream(reader, reader.uint32(), `${prefix}.probe`, {
                limits: opts.limits?.probe
              })

              break
            }
            case 5: {
              yield {
                field: `${prefix}.initialHopBudget`,
                value: reader.uint32()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.hopBudget`,
                value: reader.uint32()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.deadline`,
                value: reader.uint64()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.timestamp`,
                value: reader.uint64()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.signature`,
                value: reader.bytes()
              }
              break
            }
            case 10: {
              yield {
                field: `${prefix}.entry`,
                value: reader.string()
              }
              break
            }
            case 11: {
              if (opts.limits?.entryAddrs != null && obj.entryAddrs === opts.limits.entryAddrs) {
                throw new MaxLengthError('Streaming decode error - repeated field "entryAddrs" had too many elements')
              }

              yield {
                field: `${prefix}.entryAddrs[]`,
                index: obj.entryAddrs,
                value: reader.string()
              }

              obj.entryAddrs++

              break
            }
            case 12: {
              yield {
                field: `${prefix}.reportAsked`,
                value: reader.bool()
              }
              break
            }
            case 13: {
              if (opts.limits?.siblings != null && obj.siblings === opts.limits.siblings) {
                throw new MaxLengthError('Streaming decode error - repeated field "siblings" had too many elements')
              }

              yield {
                field: `${prefix}.siblings[]`,
                index: obj.siblings,
                value: reader.string()
              }

              obj.siblings++

              break
            }
            case 14: {
              yield {
                field: `${prefix}.direct`,
                value: reader.bool()
              }
              break
            }
            case 20: {
              yield * Selector.codec().stream(reader, reader.uint32(), `${prefix}.selector`, {
                limits: opts.limits?.selector
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface TraceRequestIdFieldEvent {
    field: '$.id'
    value: Uint8Array<ArrayBuffer>
  }

  export interface TraceRequestOriginFieldEvent {
    field: '$.origin'
    value: string
  }

  export interface TraceRequestTargetFieldEvent {
    field: '$.target'
    value: string
  }

  export interface TraceRequestProbeMethodFieldEvent {
    field: '$.probe.method'
    value: string
  }

  export interface TraceRequestProbeMaxHopsFieldEvent {
    field: '$.probe.maxHops'
    value: number
  }

  export interface TraceRequestProbeFirstHopFieldEvent {
    field: '$.probe.firstHop'
    value: number
  }

  export interface TraceRequestProbeQueriesFieldEvent {
    field: '$.probe.queries'
    value: number
  }

  export interface TraceRequestProbeWaitMsFieldEvent {
    field: '$.probe.waitMs'
    value: number
  }

  export interface TraceRequestProbeRoundsFieldEvent {
    field: '$.probe.rounds'
    value: number
  }

  export interface TraceRequestProbePortFieldEvent {
    field: '$.probe.port'
    value: number
  }

  export interface TraceRequestInitialHopBudgetFieldEvent {
    field: '$.initialHopBudget'
    value: number
  }

  export interface TraceRequestHopBudgetFieldEvent {
    field: '$.hopBudget'
    value: number
  }

  export interface TraceRequestDeadlineFieldEvent {
    field: '$.deadline'
    value: bigint
  }

  export interface TraceRequestTimestampFieldEvent {
    field: '$.timestamp'
    value: bigint
  }

  export interface TraceRequestSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface TraceRequestEntryFieldEvent {
    field: '$.entry'
    value: string
  }

  export interface TraceRequestEntryAddrsFieldEvent {
    field: '$.entryAddrs[]'
    index: number
    value: string
  }

  export interface TraceRequestReportAskedFieldEvent {
    field: '$.reportAsked'
    value: boolean
  }

  export interface TraceRequestSiblingsFieldEvent {
    field: '$.siblings[]'
    index: number
    value: string
  }

  export interface TraceRequestDirectFieldEvent {
    field: '$.direct'
    value: boolean
  }

  export interface TraceRequestSelectorTermsFieldEvent {
    field: '$.selector.terms[]'
    index: number
    value: string
  }

  export interface TraceRequestSelectorLimitFieldEvent {
    field: '$.selector.limit'
    value: number
  }

  export interface TraceRequestSelectorChosenFieldEvent {
    field: '$.selector.chosen[]'
    index: number
    value: string
  }

  export function encode (obj: Partial<TraceRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, TraceRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TraceRequest>): TraceRequest {
    return decodeMessage(buf, TraceRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TraceRequest>): Generator<TraceRequestIdFieldEvent | TraceRequestOriginFieldEvent | TraceRequestTargetFieldEvent | TraceRequestProbeMethodFieldEvent | TraceRequestProbeMaxHopsFieldEvent | TraceRequestProbeFirstHopFieldEvent | TraceRequestProbeQueriesFieldEvent | TraceRequestProbeWaitMsFieldEvent | TraceRequestProbeRoundsFieldEvent | TraceRequestProbePortFieldEvent | TraceRequestInitialHopBudgetFieldEvent | TraceRequestHopBudgetFieldEvent | TraceRequestDeadlineFieldEvent | TraceRequestTimestampFieldEvent | TraceRequestSignatureFieldEvent | TraceRequestEntryFieldEvent | TraceRequestEntryAddrsFieldEvent | TraceRequestReportAskedFieldEvent | TraceRequestSiblingsFieldEvent | TraceRequestDirectFieldEvent | TraceRequestSelectorTermsFieldEvent | TraceRequestSelectorLimitFieldEvent | TraceRequestSelectorChosenFieldEvent> {
    return streamMessage(buf, TraceRequest.codec(), opts)
  }
}

export interface Probe {
  addr?: string
  rtt?: number
  replyTtl?: number
  size?: number
  round?: number
  tcpFlags?: string
}

export namespace Probe {
  let _codec: Codec<Probe>

  export const codec = (): Codec<Probe> => {
    if (_codec == null) {
      _codec = message<Probe>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.addr != null) {
          w.uint32(10)
          w.string(obj.addr)
        }

        if (obj.rtt != null) {
          w.uint32(17)
          w.double(obj.rtt)
        }

        if (obj.replyTtl != null) {
          w.uint32(24)
          w.uint32(obj.replyTtl)
        }

        if (obj.size != null) {
          w.uint32(32)
          w.uint32(obj.size)
        }

        if (obj.round != null) {
          w.uint32(40)
          w.uint32(obj.round)
        }

        if (obj.tcpFlags != null) {
          w.uint32(50)
          w.string(obj.tcpFlags)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.addr = reader.string()
              break
            }
            case 2: {
              obj.rtt = reader.double()
              break
            }
            case 3: {
              obj.replyTtl = reader.uint32()
              break
            }
            case 4: {
              obj.size = reader.uint32()
              break
            }
            case 5: {
              obj.round = reader.uint32()
              break
            }
            case 6: {
              obj.tcpFlags = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.addr`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.rtt`,
                value: reader.double()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.replyTtl`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.size`,
                value: reader.uint32()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.round`,
                value: reader.uint32()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.tcpFlags`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ProbeAddrFieldEvent {
    field: '$.addr'
    value: string
  }

  export interface ProbeRttFieldEvent {
    field: '$.rtt'
    value: number
  }

  export interface ProbeReplyTtlFieldEvent {
    field: '$.replyTtl'
    value: number
  }

  export interface ProbeSizeFieldEvent {
    field: '$.size'
    value: number
  }

  export interface ProbeRoundFieldEvent {
    field: '$.round'
    value: number
  }

  export interface ProbeTcpFlagsFieldEvent {
    field: '$.tcpFlags'
    value: string
  }

  export function encode (obj: Partial<Probe>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Probe.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Probe>): Probe {
    return decodeMessage(buf, Probe.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Probe>): Generator<ProbeAddrFieldEvent | ProbeRttFieldEvent | ProbeReplyTtlFieldEvent | ProbeSizeFieldEvent | ProbeRoundFieldEvent | ProbeTcpFlagsFieldEvent> {
    return streamMessage(buf, Probe.codec(), opts)
  }
}

export interface Selector {
  terms: string[]
  limit?: number
  chosen: string[]
}

export namespace Selector {
  let _codec: Codec<Selector>

  export const codec = (): Codec<Selector> => {
    if (_codec == null) {
      _codec = message<Selector>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.terms != null && obj.terms.length > 0) {
          for (const value of obj.terms) {
            w.uint32(10)
            w.string(value)
          }
        }

        if (obj.limit != null) {
          w.uint32(16)
          w.uint32(obj.limit)
        }

        if (obj.chosen != null && obj.chosen.length > 0) {
          for (const value of obj.chosen) {
            w.uint32(26)
            w.string(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          terms: [],
          chosen: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.terms != null && obj.terms.length === opts.limits.terms) {
                throw new MaxLengthError('Decode error - repeated field "terms" had too many elements')
              }

              obj.terms.push(reader.string())
              break
            }
            case 2: {
              obj.limit = reader.uint32()
              break
            }
            case 3: {
              if (opts.limits?.chosen != null && obj.chosen.length === opts.limits.chosen) {
                throw new MaxLengthError('Decode error - repeated field "chosen" had too many elements')
              }

              obj.chosen.push(reader.string())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          terms: 0,
          chosen: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.terms != null && obj.terms === opts.limits.terms) {
                throw new MaxLengthError('Streaming decode error - repeated field "terms" had too many elements')
              }

              yield {
                field: `${prefix}.terms[]`,
                index: obj.terms,
                value: reader.string()
              }

              obj.terms++

              break
            }
            case 2: {
              yield {
                field: `${prefix}.limit`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              if (opts.limits?.chosen != null && obj.chosen === opts.limits.chosen) {
                throw new MaxLengthError('Streaming decode error - repeated field "chosen" had too many elements')
              }

              yield {
                field: `${prefix}.chosen[]`,
                index: obj.chosen,
                value: reader.string()
              }

              obj.chosen++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface SelectorTermsFieldEvent {
    field: '$.terms[]'
    index: number
    value: string
  }

  export interface SelectorLimitFieldEvent {
    field: '$.limit'
    value: number
  }

  export interface SelectorChosenFieldEvent {
    field: '$.chosen[]'
    index: number
    value: string
  }

  export function encode (obj: Partial<Selector>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Selector.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Selector>): Selector {
    return decodeMessage(buf, Selector.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Selector>): Generator<SelectorTermsFieldEvent | SelectorLimitFieldEvent | SelectorChosenFieldEvent> {
    return streamMessage(buf, Selector.codec(), opts)
  }
}

export interface Hop {
  ttl: number
  addr?: string
  rtts: number[]
  flag?: string
  addrs: string[]
  probes: Probe[]
}

export namespace Hop {
  let _codec: Codec<Hop>

  export const codec = (): Codec<Hop> => {
    if (_codec == null) {
      _codec = message<Hop>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.ttl != null && obj.ttl !== 0)) {
          w.uint32(8)
          w.uint32(obj.ttl)
        }

        if (obj.addr != null) {
          w.uint32(18)
          w.string(obj.addr)
        }

        if (obj.rtts != null && obj.rtts.length > 0) {
          for (const value of obj.rtts) {
            w.uint32(25)
            w.double(value)
          }
        }

        if (obj.flag != null) {
          w.uint32(34)
          w.string(obj.flag)
        }

        if (obj.addrs != null && obj.addrs.length > 0) {
          for (const value of obj.addrs) {
            w.uint32(42)
            w.string(value)
          }
        }

        if (obj.probes != null && obj.probes.length > 0) {
          for (const value of obj.probes) {
            w.uint32(162)
            Probe.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          ttl: 0,
          rtts: [],
          addrs: [],
          probes: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.ttl = reader.uint32()
              break
            }
            case 2: {
              obj.addr = reader.string()
              break
            }
            case 3: {
              if (opts.limits?.rtts != null && obj.rtts.length === opts.limits.rtts) {
                throw new MaxLengthError('Decode error - repeated field "rtts" had too many elements')
              }

              obj.rtts.push(reader.double())
              break
            }
            case 4: {
              obj.flag = reader.string()
              break
            }
            case 5: {
              if (opts.limits?.addrs != null && obj.addrs.length === opts.limits.addrs) {
                throw new MaxLengthError('Decode error - repeated field "addrs" had too many elements')
              }

              obj.addrs.push(reader.string())
              break
            }
            case 20: {
              if (opts.limits?.probes != null && obj.probes.length === opts.limits.probes) {
                throw new MaxLengthError('Decode error - repeated field "probes" had too many elements')
              }

              obj.probes.push(Probe.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.probes$
              }))
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          rtts: 0,
          addrs: 0,
          probes: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.ttl`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.addr`,
                value: reader.string()
              }
              break
            }
            case 3: {
              if (opts.limits?.rtts != null && obj.rtts === opts.limits.rtts) {
                throw new MaxLengthError('Streaming decode error - repeated field "rtts" had too many elements')
              }

              yield {
                field: `${prefix}.rtts[]`,
                index: obj.rtts,
                value: reader.double()
              }

              obj.rtts++

              break
            }
            case 4: {
              yield {
                field: `${prefix}.flag`,
                value: reader.string()
              }
              break
            }
            case 5: {
              if (opts.limits?.addrs != null && obj.addrs === opts.limits.addrs) {
                throw new MaxLengthError('Streaming decode error - repeated field "addrs" had too many elements')
              }

              yield {
                field: `${prefix}.addrs[]`,
                index: obj.addrs,
                value: reader.string()
              }

              obj.addrs++

              break
            }
            case 20: {
              if (opts.limits?.probes != null && obj.probes === opts.limits.probes) {
                throw new MaxLengthError('Streaming decode error - repeated field "probes" had too many elements')
              }

              for (const evt of Probe.codec().stream(reader, reader.uint32(), `${prefix}.probes[]`, {
                limits: opts.limits?.probes$
              })) {
                yield {
                  ...evt,
                  index: obj.probes
                }
              }

              obj.probes++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface HopTtlFieldEvent {
    field: '$.ttl'
    value: number
  }

  export interface HopAddrFieldEvent {
    field: '$.addr'
    value: string
  }

  export interface HopRttsFieldEvent {
    field: '$.rtts[]'
    index: number
    value: number
  }

  export interface HopFlagFieldEvent {
    field: '$.flag'
    value: string
  }

  export interface HopAddrsFieldEvent {
    field: '$.addrs[]'
    index: number
    value: string
  }

  export interface HopProbesAddrFieldEvent {
    field: '$.probes[].addr'
    value: string
    index: number
  }

  export interface HopProbesRttFieldEvent {
    field: '$.probes[].rtt'
    value: number
    index: number
  }

  export interface HopProbesReplyTtlFieldEvent {
    field: '$.probes[].replyTtl'
    value: number
    index: number
  }

  export interface HopProbesSizeFieldEvent {
    field: '$.probes[].size'
    value: number
    index: number
  }

  export interface HopProbesRoundFieldEvent {
    field: '$.probes[].round'
    value: number
    index: number
  }

  export interface HopProbesTcpFlagsFieldEvent {
    field: '$.probes[].tcpFlags'
    value: string
    index: number
  }

  export function encode (obj: Partial<Hop>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Hop.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Hop>): Hop {
    return decodeMessage(buf, Hop.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Hop>): Generator<HopTtlFieldEvent | HopAddrFieldEvent | HopRttsFieldEvent | HopFlagFieldEvent | HopAddrsFieldEvent | HopProbesAddrFieldEvent | HopProbesRttFieldEvent | HopProbesReplyTtlFieldEvent | HopProbesSizeFieldEvent | HopProbesRoundFieldEvent | HopProbesTcpFlagsFieldEvent> {
    return streamMessage(buf, Hop.codec(), opts)
  }
}

export interface MeasuredTrace {
  target: string
  addr: string
  method: string
  reached: boolean
  durationMs: number
  probesSent: number
  hops: Hop[]
  stop?: string
  startedAt?: bigint
  srcAddr?: string
  probeSize?: number
}

export namespace MeasuredTrace {
  let _codec: Codec<MeasuredTrace>

  export const codec = (): Codec<MeasuredTrace> => {
    if (_codec == null) {
      _codec = message<MeasuredTrace>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.target != null && obj.target !== '')) {
          w.uint32(10)
          w.string(obj.target)
        }

        if ((obj.addr != null && obj.addr !== '')) {
          w.uint32(18)
          w.string(obj.addr)
        }

        if ((obj.method != null && obj.method !== '')) {
          w.uint32(26)
          w.string(obj.method)
        }

        if ((obj.reached != null && obj.reached !== false)) {
          w.uint32(32)
          w.bool(obj.reached)
        }

        if ((obj.durationMs != null && obj.durationMs !== 0)) {
          w.uint32(41)
          w.double(obj.durationMs)
        }

        if ((obj.probesSent != null && obj.probesSent !== 0)) {
          w.uint32(48)
          w.uint32(obj.probesSent)
        }

        if (obj.hops != null && obj.hops.length > 0) {
          for (const value of obj.hops) {
            w.uint32(58)
            Hop.codec().encode(value, w)
          }
        }

        if (obj.stop != null) {
          w.uint32(66)
          w.string(obj.stop)
        }

        if (obj.startedAt != null) {
          w.uint32(160)
          w.uint64(obj.startedAt)
        }

        if (obj.srcAddr != null) {
          w.uint32(170)
          w.string(obj.srcAddr)
        }

        if (obj.probeSize != null) {
          w.uint32(176)
          w.uint32(obj.probeSize)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          target: '',
          addr: '',
          method: '',
          reached: false,
          durationMs: 0,
          probesSent: 0,
          hops: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.target = reader.string()
              break
            }
            case 2: {
              obj.addr = reader.string()
              break
            }
            case 3: {
              obj.method = reader.string()
              break
            }
            case 4: {
              obj.reached = reader.bool()
              break
            }
            case 5: {
              obj.durationMs = reader.double()
              break
            }
            case 6: {
              obj.probesSent = reader.uint32()
              break
            }
            case 7: {
              if (opts.limits?.hops != null && obj.hops.length === opts.limits.hops) {
                throw new MaxLengthError('Decode error - repeated field "hops" had too many elements')
              }

              obj.hops.push(Hop.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.hops$
              }))
              break
            }
            case 8: {
              obj.stop = reader.string()
              break
            }
            case 20: {
              obj.startedAt = reader.uint64()
              break
            }
            case 21: {
              obj.srcAddr = reader.string()
              break
            }
            case 22: {
              obj.probeSize = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          hops: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.target`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.addr`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.method`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.reached`,
                value: reader.bool()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.durationMs`,
                value: reader.double()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.probesSent`,
                value: reader.uint32()
              }
              break
            }
            case 7: {
              if (opts.limits?.hops != null && obj.hops === opts.limits.hops) {
                throw new MaxLengthError('Streaming decode error - repeated field "hops" had too many elements')
              }

              for (const evt of Hop.codec().stream(reader, reader.uint32(), `${prefix}.hops[]`, {
                limits: opts.limits?.hops$
              })) {
                yield {
                  ...evt,
                  index: obj.hops
                }
              }

              obj.hops++

              break
            }
            case 8: {
              yield {
                field: `${prefix}.stop`,
                value: reader.string()
              }
              break
            }
            case 20: {
              yield {
                field: `${prefix}.startedAt`,
                value: reader.uint64()
              }
              break
            }
            case 21: {
              yield {
                field: `${prefix}.srcAddr`,
                value: reader.string()
              }
              break
            }
            case 22: {
              yield {
                field: `${prefix}.probeSize`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface MeasuredTraceTargetFieldEvent {
    field: '$.target'
    value: string
  }

  export interface MeasuredTraceAddrFieldEvent {
    field: '$.addr'
    value: string
  }

  export interface MeasuredTraceMethodFieldEvent {
    field: '$.method'
    value: string
  }

  export interface MeasuredTraceReachedFieldEvent {
    field: '$.reached'
    value: boolean
  }

  export interface MeasuredTraceDurationMsFieldEvent {
    field: '$.durationMs'
    value: number
  }

  export interface MeasuredTraceProbesSentFieldEvent {
    field: '$.probesSent'
    value: number
  }

  export interface MeasuredTraceHopsTtlFieldEvent {
    field: '$.hops[].ttl'
    value: number
    index: number
  }

  export interface MeasuredTraceHopsAddrFieldEvent {
    field: '$.hops[].addr'
    value: string
    index: number
  }

  export interface MeasuredTraceHopsRttsFieldEvent {
    field: '$.hops[].rtts[]'
    index: number
    value: number
  }

  export interface MeasuredTraceHopsFlagFieldEvent {
    field: '$.hops[].flag'
    value: string
    index: number
  }

  export interface MeasuredTraceHopsAddrsFieldEvent {
    field: '$.hops[].addrs[]'
    index: number
    value: string
  }

  export interface MeasuredTraceHopsProbesAddrFieldEvent {
    field: '$.hops[].probes[].addr'
    value: string
    index: number
  }

  export interface MeasuredTraceHopsProbesRttFieldEvent {
    field: '$.hops[].probes[].rtt'
    value: number
    index: number
  }

  export interface MeasuredTraceHopsProbesReplyTtlFieldEvent {
    field: '$.hops[].probes[].replyTtl'
    value: number
    index: number
  }

  export interface MeasuredTraceHopsProbesSizeFieldEvent {
    field: '$.hops[].probes[].size'
    value: number
    index: number
  }

  export interface MeasuredTraceHopsProbesRoundFieldEvent {
    field: '$.hops[].probes[].round'
    value: number
    index: number
  }

  export interface MeasuredTraceHopsProbesTcpFlagsFieldEvent {
    field: '$.hops[].probes[].tcpFlags'
    value: string
    index: number
  }

  export interface MeasuredTraceStopFieldEvent {
    field: '$.stop'
    value: string
  }

  export interface MeasuredTraceStartedAtFieldEvent {
    field: '$.startedAt'
    value: bigint
  }

  export interface MeasuredTraceSrcAddrFieldEvent {
    field: '$.srcAddr'
    value: string
  }

  export interface MeasuredTraceProbeSizeFieldEvent {
    field: '$.probeSize'
    value: number
  }

  export function encode (obj: Partial<MeasuredTrace>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, MeasuredTrace.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MeasuredTrace>): MeasuredTrace {
    return decodeMessage(buf, MeasuredTrace.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MeasuredTrace>): Generator<MeasuredTraceTargetFieldEvent | MeasuredTraceAddrFieldEvent | MeasuredTraceMethodFieldEvent | MeasuredTraceReachedFieldEvent | MeasuredTraceDurationMsFieldEvent | MeasuredTraceProbesSentFieldEvent | MeasuredTraceHopsTtlFieldEvent | MeasuredTraceHopsAddrFieldEvent | MeasuredTraceHopsRttsFieldEvent | MeasuredTraceHopsFlagFieldEvent | MeasuredTraceHopsAddrsFieldEvent | MeasuredTraceHopsProbesAddrFieldEvent | MeasuredTraceHopsProbesRttFieldEvent | MeasuredTraceHopsProbesReplyTtlFieldEvent | MeasuredTraceHopsProbesSizeFieldEvent | MeasuredTraceHopsProbesRoundFieldEvent | MeasuredTraceHopsProbesTcpFlagsFieldEvent | MeasuredTraceStopFieldEvent | MeasuredTraceStartedAtFieldEvent | MeasuredTraceSrcAddrFieldEvent | MeasuredTraceProbeSizeFieldEvent> {
    return streamMessage(buf, MeasuredTrace.codec(), opts)
  }
}

export interface PeerError {
  code: string
  message: string
}

export namespace PeerError {
  let _codec: Codec<PeerError>

  export const codec = (): Codec<PeerError> => {
    if (_codec == null) {
      _codec = message<PeerError>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.code != null && obj.code !== '')) {
          w.uint32(10)
          w.string(obj.code)
        }

        if ((obj.message != null && obj.message !== '')) {
          w.uint32(18)
          w.string(obj.message)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          code: '',
          message: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.code = reader.string()
              break
            }
            case 2: {
              obj.message = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.code`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.message`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface PeerErrorCodeFieldEvent {
    field: '$.code'
    value: string
  }

  export interface PeerErrorMessageFieldEvent {
    field: '$.message'
    value: string
  }

  export function encode (obj: Partial<PeerError>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PeerError.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PeerError>): PeerError {
    return decodeMessage(buf, PeerError.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PeerError>): Generator<PeerErrorCodeFieldEvent | PeerErrorMessageFieldEvent> {
    return streamMessage(buf, PeerError.codec(), opts)
  }
}

export interface VantageResult {
  requestId: Uint8Array<ArrayBuffer>
  peer: string
  name: string
  trace?: MeasuredTrace
  error?: PeerError
  signature: Uint8Array<ArrayBuffer>
}

export namespace VantageResult {
  let _codec: Codec<VantageResult>

  export const codec = (): Codec<VantageResult> => {
    if (_codec == null) {
      _codec = message<VantageResult>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.requestId != null && obj.requestId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.requestId)
        }

        if ((obj.peer != null && obj.peer !== '')) {
          w.uint32(18)
          w.string(obj.peer)
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(26)
          w.string(obj.name)
        }

        if (obj.trace != null) {
          w.uint32(34)
          MeasuredTrace.codec().encode(obj.trace, w)
        }

        if (obj.error != null) {
          w.uint32(42)
          PeerError.codec().encode(obj.error, w)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          requestId: uint8ArrayAlloc(0),
          peer: '',
          name: '',
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.requestId = reader.bytes()
              break
            }
            case 2: {
              obj.peer = reader.string()
              break
            }
            case 3: {
              obj.name = reader.string()
              break
            }
            case 4: {
              obj.trace = MeasuredTrace.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.trace
              })
              break
            }
            case 5: {
              obj.error = PeerError.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.error
              })
              break
            }
            case 6: {
              obj.signature = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.requestId`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.peer`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield * MeasuredTrace.codec().stream(reader, reader.uint32(), `${prefix}.trace`, {
                limits: opts.limits?.trace
              })

              break
            }
            case 5: {
              yield * PeerError.codec().stream(reader, reader.uint32(), `${prefix}.error`, {
                limits: opts.limits?.error
              })

              break
            }
            case 6: {
              yield {
                field: `${prefix}.signature`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface VantageResultRequestIdFieldEvent {
    field: '$.requestId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface VantageResultPeerFieldEvent {
    field: '$.peer'
    value: string
  }

  export interface VantageResultNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface VantageResultTraceTargetFieldEvent {
    field: '$.trace.target'
    value: string
  }

  export interface VantageResultTraceAddrFieldEvent {
    field: '$.trace.addr'
    value: string
  }

  export interface VantageResultTraceMethodFieldEvent {
    field: '$.trace.method'
    value: string
  }

  export interface VantageResultTraceReachedFieldEvent {
    field: '$.trace.reached'
    value: boolean
  }

  export interface VantageResultTraceDurationMsFieldEvent {
    field: '$.trace.durationMs'
    value: number
  }

  export interface VantageResultTraceProbesSentFieldEvent {
    field: '$.trace.probesSent'
    value: number
  }

  export interface VantageResultTraceHopsTtlFieldEvent {
    field: '$.trace.hops[].ttl'
    value: number
    index: number
  }

  export interface VantageResultTraceHopsAddrFieldEvent {
    field: '$.trace.hops[].addr'
    value: string
    index: number
  }

  export interface VantageResultTraceHopsRttsFieldEvent {
    field: '$.trace.hops[].rtts[]'
    index: number
    value: number
  }

  export interface VantageResultTraceHopsFlagFieldEvent {
    field: '$.trace.hops[].flag'
    value: string
    index: number
  }

  export interface VantageResultTraceHopsAddrsFieldEvent {
    field: '$.trace.hops[].addrs[]'
    index: number
    value: string
  }

  export interface VantageResultTraceHopsProbesAddrFieldEvent {
    field: '$.trace.hops[].probes[].addr'
    value: string
    index: number
  }

  export interface VantageResultTraceHopsProbesRttFieldEvent {
    field: '$.trace.hops[].probes[].rtt'
    value: number
    index: number
  }

  export interface VantageResultTraceHopsProbesReplyTtlFieldEvent {
    field: '$.trace.hops[].probes[].replyTtl'
    value: number
    index: number
  }

  export interface VantageResultTraceHopsProbesSizeFieldEvent {
    field: '$.trace.hops[].probes[].size'
    value: number
    index: number
  }

  export interface VantageResultTraceHopsProbesRoundFieldEvent {
    field: '$.trace.hops[].probes[].round'
    value: number
    index: number
  }

  export interface VantageResultTraceHopsProbesTcpFlagsFieldEvent {
    field: '$.trace.hops[].probes[].tcpFlags'
    value: string
    index: number
  }

  export interface VantageResultTraceStopFieldEvent {
    field: '$.trace.stop'
    value: string
  }

  export interface VantageResultTraceStartedAtFieldEvent {
    field: '$.trace.startedAt'
    value: bigint
  }

  export interface VantageResultTraceSrcAddrFieldEvent {
    field: '$.trace.srcAddr'
    value: string
  }

  export interface VantageResultTraceProbeSizeFieldEvent {
    field: '$.trace.probeSize'
    value: number
  }

  export interface VantageResultErrorCodeFieldEvent {
    field: '$.error.code'
    value: string
  }

  export interface VantageResultErrorMessageFieldEvent {
    field: '$.error.message'
    value: string
  }

  export interface VantageResultSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<VantageResult>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, VantageResult.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<VantageResult>): VantageResult {
    return decodeMessage(buf, VantageResult.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<VantageResult>): Generator<VantageResultRequestIdFieldEvent | VantageResultPeerFieldEvent | VantageResultNameFieldEvent | VantageResultTraceTargetFieldEvent | VantageResultTraceAddrFieldEvent | VantageResultTraceMethodFieldEvent | VantageResultTraceReachedFieldEvent | VantageResultTraceDurationMsFieldEvent | VantageResultTraceProbesSentFieldEvent | VantageResultTraceHopsTtlFieldEvent | VantageResultTraceHopsAddrFieldEvent | VantageResultTraceHopsRttsFieldEvent | VantageResultTraceHopsFlagFieldEvent | VantageResultTraceHopsAddrsFieldEvent | VantageResultTraceHopsProbesAddrFieldEvent | VantageResultTraceHopsProbesRttFieldEvent | VantageResultTraceHopsProbesReplyTtlFieldEvent | VantageResultTraceHopsProbesSizeFieldEvent | VantageResultTraceHopsProbesRoundFieldEvent | VantageResultTraceHopsProbesTcpFlagsFieldEvent | VantageResultTraceStopFieldEvent | VantageResultTraceStartedAtFieldEvent | VantageResultTraceSrcAddrFieldEvent | VantageResultTraceProbeSizeFieldEvent | VantageResultErrorCodeFieldEvent | VantageResultErrorMessageFieldEvent | VantageResultSignatureFieldEvent> {
    return streamMessage(buf, VantageResult.codec(), opts)
  }
}

export interface Failure {
  peer: string
  reason: string
}

export namespace Failure {
  let _codec: Codec<Failure>

  export const codec = (): Codec<Failure> => {
    if (_codec == null) {
      _codec = message<Failure>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.peer != null && obj.peer !== '')) {
          w.uint32(10)
          w.string(obj.peer)
        }

        if ((obj.reason != null && obj.reason !== '')) {
          w.uint32(18)
          w.string(obj.reason)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          peer: '',
          reason: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.peer = reader.string()
              break
            }
            case 2: {
              obj.reason = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.peer`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.reason`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface FailurePeerFieldEvent {
    field: '$.peer'
    value: string
  }

  export interface FailureReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export function encode (obj: Partial<Failure>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Failure.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Failure>): Failure {
    return decodeMessage(buf, Failure.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Failure>): Generator<FailurePeerFieldEvent | FailureReasonFieldEvent> {
    return streamMessage(buf, Failure.codec(), opts)
  }
}

export interface TraceEnd {
  requestId: Uint8Array<ArrayBuffer>
  failures: Failure[]
  duplicate: boolean
}

export namespace TraceEnd {
  let _codec: Codec<TraceEnd>

  export const codec = (): Codec<TraceEnd> => {
    if (_codec == null) {
      _codec = message<TraceEnd>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.requestId != null && obj.requestId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.requestId)
        }

        if (obj.failures != null && obj.failures.length > 0) {
          for (const value of obj.failures) {
            w.uint32(18)
            Failure.codec().encode(value, w)
          }
        }

        if ((obj.duplicate != null && obj.duplicate !== false)) {
          w.uint32(24)
          w.bool(obj.duplicate)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          requestId: uint8ArrayAlloc(0),
          failures: [],
          duplicate: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.requestId = reader.bytes()
              break
            }
            case 2: {
              if (opts.limits?.failures != null && obj.failures.length === opts.limits.failures) {
                throw new MaxLengthError('Decode error - repeated field "failures" had too many elements')
              }

              obj.failures.push(Failure.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.failures$
              }))
              break
            }
            case 3: {
              obj.duplicate = reader.bool()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          failures: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.requestId`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              if (opts.limits?.failures != null && obj.failures === opts.limits.failures) {
                throw new MaxLengthError('Streaming decode error - repeated field "failures" had too many elements')
              }

              for (const evt of Failure.codec().stream(reader, reader.uint32(), `${prefix}.failures[]`, {
                limits: opts.limits?.failures$
              })) {
                yield {
                  ...evt,
                  index: obj.failures
                }
              }

              obj.failures++

              break
            }
            case 3: {
              yield {
                field: `${prefix}.duplicate`,
                value: reader.bool()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface TraceEndRequestIdFieldEvent {
    field: '$.requestId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface TraceEndFailuresPeerFieldEvent {
    field: '$.failures[].peer'
    value: string
    index: number
  }

  export interface TraceEndFailuresReasonFieldEvent {
    field: '$.failures[].reason'
    value: string
    index: number
  }

  export interface TraceEndDuplicateFieldEvent {
    field: '$.duplicate'
    value: boolean
  }

  export function encode (obj: Partial<TraceEnd>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, TraceEnd.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TraceEnd>): TraceEnd {
    return decodeMessage(buf, TraceEnd.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TraceEnd>): Generator<TraceEndRequestIdFieldEvent | TraceEndFailuresPeerFieldEvent | TraceEndFailuresReasonFieldEvent | TraceEndDuplicateFieldEvent> {
    return streamMessage(buf, TraceEnd.codec(), opts)
  }
}

export interface Asked {
  requestId: Uint8Array<ArrayBuffer>
  by: string
  peers: string[]
}

export namespace Asked {
  let _codec: Codec<Asked>

  export const codec = (): Codec<Asked> => {
    if (_codec == null) {
      _codec = message<Asked>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.requestId != null && obj.requestId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.requestId)
        }

        if ((obj.by != null && obj.by !== '')) {
          w.uint32(18)
          w.string(obj.by)
        }

        if (obj.peers != null && obj.peers.length > 0) {
          for (const value of obj.peers) {
            w.uint32(26)
            w.string(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          requestId: uint8ArrayAlloc(0),
          by: '',
          peers: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.requestId = reader.bytes()
              break
            }
            case 2: {
              obj.by = reader.string()
              break
            }
            case 3: {
              if (opts.limits?.peers != null && obj.peers.length === opts.limits.peers) {
                throw new MaxLengthError('Decode error - repeated field "peers" had too many elements')
              }

              obj.peers.push(reader.string())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          peers: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.requestId`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.by`,
                value: reader.string()
              }
              break
            }
            case 3: {
              if (opts.limits?.peers != null && obj.peers === opts.limits.peers) {
                throw new MaxLengthError('Streaming decode error - repeated field "peers" had too many elements')
              }

              yield {
                field: `${prefix}.peers[]`,
                index: obj.peers,
                value: reader.string()
              }

              obj.peers++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface AskedRequestIdFieldEvent {
    field: '$.requestId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface AskedByFieldEvent {
    field: '$.by'
    value: string
  }

  export interface AskedPeersFieldEvent {
    field: '$.peers[]'
    index: number
    value: string
  }

  export function encode (obj: Partial<Asked>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Asked.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Asked>): Asked {
    return decodeMessage(buf, Asked.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Asked>): Generator<AskedRequestIdFieldEvent | AskedByFieldEvent | AskedPeersFieldEvent> {
    return streamMessage(buf, Asked.codec(), opts)
  }
}

export interface TraceMessage {
  request?: TraceRequest
  result?: VantageResult
  end?: TraceEnd
  rejoin?: TraceRequest
  asked?: Asked
}

export namespace TraceMessage {
  let _codec: Codec<TraceMessage>

  export const codec = (): Codec<TraceMessage> => {
    if (_codec == null) {
      _codec = message<TraceMessage>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.request != null) {
          w.uint32(10)
          TraceRequest.codec().encode(obj.request, w)
        }

        if (obj.result != null) {
          w.uint32(18)
          VantageResult.codec().encode(obj.result, w)
        }

        if (obj.end != null) {
          w.uint32(26)
          TraceEnd.codec().encode(obj.end, w)
        }

        if (obj.rejoin != null) {
          w.uint32(34)
          TraceRequest.codec().encode(obj.rejoin, w)
        }

        if (obj.asked != null) {
          w.uint32(42)
          Asked.codec().encode(obj.asked, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.request = TraceRequest.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.request
              })
              break
            }
            case 2: {
              obj.result = VantageResult.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.result
              })
              break
            }
            case 3: {
              obj.end = TraceEnd.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.end
              })
              break
            }
            case 4: {
              obj.rejoin = TraceRequest.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.rejoin
              })
              break
            }
            case 5: {
              obj.asked = Asked.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.asked
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * TraceRequest.codec().stream(reader, reader.uint32(), `${prefix}.request`, {
                limits: opts.limits?.request
              })

              break
            }
            case 2: {
              yield * VantageResult.codec().stream(reader, reader.uint32(), `${prefix}.result`, {
                limits: opts.limits?.result
              })

              break
            }
            case 3: {
              yield * TraceEnd.codec().stream(reader, reader.uint32(), `${prefix}.end`, {
                limits: opts.limits?.end
              })

              break
            }
            case 4: {
              yield * TraceRequest.codec().stream(reader, reader.uint32(), `${prefix}.rejoin`, {
                limits: opts.limits?.rejoin
              })

              break
            }
            case 5: {
              yield * Asked.codec().stream(reader, reader.uint32(), `${prefix}.asked`, {
                limits: opts.limits?.asked
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface TraceMessageRequestIdFieldEvent {
    field: '$.request.id'
    value: Uint8Array<ArrayBuffer>
  }

  export interface TraceMessageRequestOriginFieldEvent {
    field: '$.request.origin'
    value: string
  }

  export interface TraceMessageRequestTargetFieldEvent {
    field: '$.request.target'
    value: string
  }

  export interface TraceMessageRequestProbeMethodFieldEvent {
    field: '$.request.probe.method'
    value: string
  }

  export interface TraceMessageRequestProbeMaxHopsFieldEvent {
    field: '$.request.probe.maxHops'
    value: number
  }

  export interface TraceMessageRequestProbeFirstHopFieldEvent {
    field: '$.request.probe.firstHop'
    value: number
  }

  export interface TraceMessageRequestProbeQueriesFieldEvent {
    field: '$.request.probe.queries'
    value: number
  }

  export interface TraceMessageRequestProbeWaitMsFieldEvent {
    field: '$.request.probe.waitMs'
    value: number
  }

  export interface TraceMessageRequestProbeRoundsFieldEvent {
    field: '$.request.probe.rounds'
    value: number
  }

  export interface TraceMessageRequestProbePortFieldEvent {
    field: '$.request.probe.port'
    value: number
  }

  export interface TraceMessageRequestInitialHopBudgetFieldEvent {
    field: '$.request.initialHopBudget'
    value: number
  }

  export interface TraceMessageRequestHopBudgetFieldEvent {
    field: '$.request.hopBudget'
    value: number
  }

  export interface TraceMessageRequestDeadlineFieldEvent {
    field: '$.request.deadline'
    value: bigint
  }

  export interface TraceMessageRequestTimestampFieldEvent {
    field: '$.request.timestamp'
    value: bigint
  }

  export interface TraceMessageRequestSignatureFieldEvent {
    field: '$.request.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface TraceMessageRequestEntryFieldEvent {
    field: '$.request.entry'
    value: string
  }

  export interface TraceMessageRequestEntryAddrsFieldEvent {
    field: '$.request.entryAddrs[]'
    index: number
    value: string
  }

  export interface TraceMessageRequestReportAskedFieldEvent {
    field: '$.request.reportAsked'
    value: boolean
  }

  export interface TraceMessageRequestSiblingsFieldEvent {
    field: '$.request.siblings[]'
    index: number
    value: string
  }

  export interface TraceMessageRequestDirectFieldEvent {
    field: '$.request.direct'
    value: boolean
  }

  export interface TraceMessageRequestSelectorTermsFieldEvent {
    field: '$.request.selector.terms[]'
    index: number
    value: string
  }

  export interface TraceMessageRequestSelectorLimitFieldEvent {
    field: '$.request.selector.limit'
    value: number
  }

  export interface TraceMessageRequestSelectorChosenFieldEvent {
    field: '$.request.selector.chosen[]'
    index: number
    value: string
  }

  export interface TraceMessageResultRequestIdFieldEvent {
    field: '$.result.requestId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface TraceMessageResultPeerFieldEvent {
    field: '$.result.peer'
    value: string
  }

  export interface TraceMessageResultNameFieldEvent {
    field: '$.result.name'
    value: string
  }

  export interface TraceMessageResultTraceTargetFieldEvent {
    field: '$.result.trace.target'
    value: string
  }

  export interface TraceMessageResultTraceAddrFieldEvent {
    field: '$.result.trace.addr'
    value: string
  }

  export interface TraceMessageResultTraceMethodFieldEvent {
    field: '$.result.trace.method'
    value: string
  }

  export interface TraceMessageResultTraceReachedFieldEvent {
    field: '$.result.trace.reached'
    value: boolean
  }

  export interface TraceMessageResultTraceDurationMsFieldEvent {
    field: '$.result.trace.durationMs'
    value: number
  }

  export interface TraceMessageResultTraceProbesSentFieldEvent {
    field: '$.result.trace.probesSent'
    value: number
  }

  export interface TraceMessageResultTraceHopsTtlFieldEvent {
    field: '$.result.trace.hops[].ttl'
    value: number
    index: number
  }

  export interface TraceMessageResultTraceHopsAddrFieldEvent {
    field: '$.result.trace.hops[].addr'
    value: string
    index: number
  }

  export interface TraceMessageResultTraceHopsRttsFieldEvent {
    field: '$.result.trace.hops[].rtts[]'
    index: number
    value: number
  }

  export interface TraceMessageResultTraceHopsFlagFieldEvent {
    field: '$.result.trace.hops[].flag'
    value: string
    index: number
  }

  export interface TraceMessageResultTraceHopsAddrsFieldEvent {
    field: '$.result.trace.hops[].addrs[]'
    index: number
    value: string
  }

  export interface TraceMessageResultTraceHopsProbesAddrFieldEvent {
    field: '$.result.trace.hops[].probes[].addr'
    value: string
    index: number
  }

  export interface TraceMessageResultTraceHopsProbesRttFieldEvent {
    field: '$.result.trace.hops[].probes[].rtt'
    value: number
    index: number
  }

  export interface TraceMessageResultTraceHopsProbesReplyTtlFieldEvent {
    field: '$.result.trace.hops[].probes[].replyTtl'
    value: number
    index: number
  }

  export interface TraceMessageResultTraceHopsProbesSizeFieldEvent {
    field: '$.result.trace.hops[].probes[].size'
    value: number
    index: number
  }

  export interface TraceMessageResultTraceHopsProbesRoundFieldEvent {
    field: '$.result.trace.hops[].probes[].round'
    value: number
    index: number
  }

  export interface TraceMessageResultTraceHopsProbesTcpFlagsFieldEvent {
    field: '$.result.trace.hops[].probes[].tcpFlags'
    value: string
    index: number
  }

  export interface TraceMessageResultTraceStopFieldEvent {
    field: '$.result.trace.stop'
    value: string
  }

  export interface TraceMessageResultTraceStartedAtFieldEvent {
    field: '$.result.trace.startedAt'
    value: bigint
  }

  export interface TraceMessageResultTraceSrcAddrFieldEvent {
    field: '$.result.trace.srcAddr'
    value: string
  }

  export interface TraceMessageResultTraceProbeSizeFieldEvent {
    field: '$.result.trace.probeSize'
    value: number
  }

  export interface TraceMessageResultErrorCodeFieldEvent {
    field: '$.result.error.code'
    value: string
  }

  export interface TraceMessageResultErrorMessageFieldEvent {
    field: '$.result.error.message'
    value: string
  }

  export interface TraceMessageResultSignatureFieldEvent {
    field: '$.result.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface TraceMessageEndRequestIdFieldEvent {
    field: '$.end.requestId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface TraceMessageEndFailuresPeerFieldEvent {
    field: '$.end.failures[].peer'
    value: string
    index: number
  }

  export interface TraceMessageEndFailuresReasonFieldEvent {
    field: '$.end.failures[].reason'
    value: string
    index: number
  }

  export interface TraceMessageEndDuplicateFieldEvent {
    field: '$.end.duplicate'
    value: boolean
  }

  export interface TraceMessageRejoinIdFieldEvent {
    field: '$.rejoin.id'
    value: Uint8Array<ArrayBuffer>
  }

  export interface TraceMessageRejoinOriginFieldEvent {
    field: '$.rejoin.origin'
    value: string
  }

  export interface TraceMessageRejoinTargetFieldEvent {
    field: '$.rejoin.target'
    value: string
  }

  export interface TraceMessageRejoinProbeMethodFieldEvent {
    field: '$.rejoin.probe.method'
    value: string
  }

  export interface TraceMessageRejoinProbeMaxHopsFieldEvent {
    field: '$.rejoin.probe.maxHops'
    value: number
  }

  export interface TraceMessageRejoinProbeFirstHopFieldEvent {
    field: '$.rejoin.probe.firstHop'
    value: number
  }

  export interface TraceMessageRejoinProbeQueriesFieldEvent {
    field: '$.rejoin.probe.queries'
    value: number
  }

  export interface TraceMessageRejoinProbeWaitMsFieldEvent {
    field: '$.rejoin.probe.waitMs'
    value: number
  }

  export interface TraceMessageRejoinProbeRoundsFieldEvent {
    field: '$.rejoin.probe.rounds'
    value: number
  }

  export interface TraceMessageRejoinProbePortFieldEvent {
    field: '$.rejoin.probe.port'
    value: number
  }

  export interface TraceMessageRejoinInitialHopBudgetFieldEvent {
    field: '$.rejoin.initialHopBudget'
    value: number
  }

  export interface TraceMessageRejoinHopBudgetFieldEvent {
    field: '$.rejoin.hopBudget'
    value: number
  }

  export interface TraceMessageRejoinDeadlineFieldEvent {
    field: '$.rejoin.deadline'
    value: bigint
  }

  export interface TraceMessageRejoinTimestampFieldEvent {
    field: '$.rejoin.timestamp'
    value: bigint
  }

  export interface TraceMessageRejoinSignatureFieldEvent {
    field: '$.rejoin.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface TraceMessageRejoinEntryFieldEvent {
    field: '$.rejoin.entry'
    value: string
  }

  export interface TraceMessageRejoinEntryAddrsFieldEvent {
    field: '$.rejoin.entryAddrs[]'
    index: number
    value: string
  }

  export interface TraceMessageRejoinReportAskedFieldEvent {
    field: '$.rejoin.reportAsked'
    value: boolean
  }

  export interface TraceMessageRejoinSiblingsFieldEvent {
    field: '$.rejoin.siblings[]'
    index: number
    value: string
  }

  export interface TraceMessageRejoinDirectFieldEvent {
    field: '$.rejoin.direct'
    value: boolean
  }

  export interface TraceMessageRejoinSelectorTermsFieldEvent {
    field: '$.rejoin.selector.terms[]'
    index: number
    value: string
  }

  export interface TraceMessageRejoinSelectorLimitFieldEvent {
    field: '$.rejoin.selector.limit'
    value: number
  }

  export interface TraceMessageRejoinSelectorChosenFieldEvent {
    field: '$.rejoin.selector.chosen[]'
    index: number
    value: string
  }

  export interface TraceMessageAskedRequestIdFieldEvent {
    field: '$.asked.requestId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface TraceMessageAskedByFieldEvent {
    field: '$.asked.by'
    value: string
  }

  export interface TraceMessageAskedPeersFieldEvent {
    field: '$.asked.peers[]'
    index: number
    value: string
  }

  export function encode (obj: Partial<TraceMessage>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, TraceMessage.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TraceMessage>): TraceMessage {
    return decodeMessage(buf, TraceMessage.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TraceMessage>): Generator<TraceMessageRequestIdFieldEvent | TraceMessageRequestOriginFieldEvent | TraceMessageRequestTargetFieldEvent | TraceMessageRequestProbeMethodFieldEvent | TraceMessageRequestProbeMaxHopsFieldEvent | TraceMessageRequestProbeFirstHopFieldEvent | TraceMessageRequestProbeQueriesFieldEvent | TraceMessageRequestProbeWaitMsFieldEvent | TraceMessageRequestProbeRoundsFieldEvent | TraceMessageRequestProbePortFieldEvent | TraceMessageRequestInitialHopBudgetFieldEvent | TraceMessageRequestHopBudgetFieldEvent | TraceMessageRequestDeadlineFieldEvent | TraceMessageRequestTimestampFieldEvent | TraceMessageRequestSignatureFieldEvent | TraceMessageRequestEntryFieldEvent | TraceMessageRequestEntryAddrsFieldEvent | TraceMessageRequestReportAskedFieldEvent | TraceMessageRequestSiblingsFieldEvent | TraceMessageRequestDirectFieldEvent | TraceMessageRequestSelectorTermsFieldEvent | TraceMessageRequestSelectorLimitFieldEvent | TraceMessageRequestSelectorChosenFieldEvent | TraceMessageResultRequestIdFieldEvent | TraceMessageResultPeerFieldEvent | TraceMessageResultNameFieldEvent | TraceMessageResultTraceTargetFieldEvent | TraceMessageResultTraceAddrFieldEvent | TraceMessageResultTraceMethodFieldEvent | TraceMessageResultTraceReachedFieldEvent | TraceMessageResultTraceDurationMsFieldEvent | TraceMessageResultTraceProbesSentFieldEvent | TraceMessageResultTraceHopsTtlFieldEvent | TraceMessageResultTraceHopsAddrFieldEvent | TraceMessageResultTraceHopsRttsFieldEvent | TraceMessageResultTraceHopsFlagFieldEvent | TraceMessageResultTraceHopsAddrsFieldEvent | TraceMessageResultTraceHopsProbesAddrFieldEvent | TraceMessageResultTraceHopsProbesRttFieldEvent | TraceMessageResultTraceHopsProbesReplyTtlFieldEvent | TraceMessageResultTraceHopsProbesSizeFieldEvent | TraceMessageResultTraceHopsProbesRoundFieldEvent | TraceMessageResultTraceHopsProbesTcpFlagsFieldEvent | TraceMessageResultTraceStopFieldEvent | TraceMessageResultTraceStartedAtFieldEvent | TraceMessageResultTraceSrcAddrFieldEvent | TraceMessageResultTraceProbeSizeFieldEvent | TraceMessageResultErrorCodeFieldEvent | TraceMessageResultErrorMessageFieldEvent | TraceMessageResultSignatureFieldEvent | TraceMessageEndRequestIdFieldEvent | TraceMessageEndFailuresPeerFieldEvent | TraceMessageEndFailuresReasonFieldEvent | TraceMessageEndDuplicateFieldEvent | TraceMessageRejoinIdFieldEvent | TraceMessageRejoinOriginFieldEvent | TraceMessageRejoinTargetFieldEvent | TraceMessageRejoinProbeMethodFieldEvent | TraceMessageRejoinProbeMaxHopsFieldEvent | TraceMessageRejoinProbeFirstHopFieldEvent | TraceMessageRejoinProbeQueriesFieldEvent | TraceMessageRejoinProbeWaitMsFieldEvent | TraceMessageRejoinProbeRoundsFieldEvent | TraceMessageRejoinProbePortFieldEvent | TraceMessageRejoinInitialHopBudgetFieldEvent | TraceMessageRejoinHopBudgetFieldEvent | TraceMessageRejoinDeadlineFieldEvent | TraceMessageRejoinTimestampFieldEvent | TraceMessageRejoinSignatureFieldEvent | TraceMessageRejoinEntryFieldEvent | TraceMessageRejoinEntryAddrsFieldEvent | TraceMessageRejoinReportAskedFieldEvent | TraceMessageRejoinSiblingsFieldEvent | TraceMessageRejoinDirectFieldEvent | TraceMessageRejoinSelectorTermsFieldEvent | TraceMessageRejoinSelectorLimitFieldEvent | TraceMessageRejoinSelectorChosenFieldEvent | TraceMessageAskedRequestIdFieldEvent | TraceMessageAskedByFieldEvent | TraceMessageAskedPeersFieldEvent> {
    return streamMessage(buf, TraceMessage.codec(), opts)
  }
}
