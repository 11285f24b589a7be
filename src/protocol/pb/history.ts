import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface HistoryQuery {
  kind: HistoryQuery.Kind
  target?: string
  limit?: number
  id?: string
  durationMs?: number
}

export namespace HistoryQuery {
  export enum Kind {
    LIST = 'LIST',
    SHOW = 'SHOW',
    FINISH = 'FINISH'
  }

  enum __KindValues {
    LIST = 0,
    SHOW = 1,
    FINISH = 2
  }

  export namespace Kind {
    export const codec = (): Codec<Kind> => {
      return enumeration<Kind>(__KindValues)
    }
  }

  let _codec: Codec<HistoryQuery>

  export const codec = (): Codec<HistoryQuery> => {
    if (_codec == null) {
      _codec = message<HistoryQuery>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.kind != null && __KindValues[obj.kind] !== 0) {
          w.uint32(8)
          HistoryQuery.Kind.codec().encode(obj.kind, w)
        }

        if (obj.target != null) {
          w.uint32(18)
          w.string(obj.target)
        }

        if (obj.limit != null) {
          w.uint32(24)
          w.uint32(obj.limit)
        }

        if (obj.id != null) {
          w.uint32(34)
          w.string(obj.id)
        }

        if (obj.durationMs != null) {
          w.uint32(40)
          w.uint32(obj.durationMs)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          kind: Kind.LIST
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.kind = HistoryQuery.Kind.codec().decode(reader)
              break
            }
            case 2: {
              obj.target = reader.string()
              break
            }
            case 3: {
              obj.limit = reader.uint32()
              break
            }
            case 4: {
              obj.id = reader.string()
              break
            }
            case 5: {
              obj.durationMs = reader.uint32()
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
                field: `${prefix}.kind`,
                value: HistoryQuery.Kind.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.target`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.limit`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.id`,
                value: reader.string()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.durationMs`,
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

  export interface HistoryQueryKindFieldEvent {
    field: '$.kind'
    value: HistoryQuery.Kind
  }

  export interface HistoryQueryTargetFieldEvent {
    field: '$.target'
    value: string
  }

  export interface HistoryQueryLimitFieldEvent {
    field: '$.limit'
    value: number
  }

  export interface HistoryQueryIdFieldEvent {
    field: '$.id'
    value: string
  }

  export interface HistoryQueryDurationMsFieldEvent {
    field: '$.durationMs'
    value: number
  }

  export function encode (obj: Partial<HistoryQuery>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, HistoryQuery.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<HistoryQuery>): HistoryQuery {
    return decodeMessage(buf, HistoryQuery.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<HistoryQuery>): Generator<HistoryQueryKindFieldEvent | HistoryQueryTargetFieldEvent | HistoryQueryLimitFieldEvent | HistoryQueryIdFieldEvent | HistoryQueryDurationMsFieldEvent> {
    return streamMessage(buf, HistoryQuery.codec(), opts)
  }
}

export interface HistoryEntry {
  id: string
  startedAt: bigint
  target: string
  answered: number
  failed: number
}

export namespace HistoryEntry {
  let _codec: Codec<HistoryEntry>

  export const codec = (): Codec<HistoryEntry> => {
    if (_codec == null) {
      _codec = message<HistoryEntry>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.id != null && obj.id !== '')) {
          w.uint32(10)
          w.string(obj.id)
        }

        if ((obj.startedAt != null && obj.startedAt !== 0n)) {
          w.uint32(16)
          w.uint64(obj.startedAt)
        }

        if ((obj.target != null && obj.target !== '')) {
          w.uint32(26)
          w.string(obj.target)
        }

        if ((obj.answered != null && obj.answered !== 0)) {
          w.uint32(32)
          w.uint32(obj.answered)
        }

        if ((obj.failed != null && obj.failed !== 0)) {
          w.uint32(40)
          w.uint32(obj.failed)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          id: '',
          startedAt: 0n,
          target: '',
          answered: 0,
          failed: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.id = reader.string()
              break
            }
            case 2: {
              obj.startedAt = reader.uint64()
              break
            }
            case 3: {
              obj.target = reader.string()
              break
            }
            case 4: {
              obj.answered = reader.uint32()
              break
            }
            case 5: {
              obj.failed = reader.uint32()
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
                field: `${prefix}.id`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.startedAt`,
                value: reader.uint64()
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
              yield {
                field: `${prefix}.answered`,
                value: reader.uint32()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.failed`,
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

  export interface HistoryEntryIdFieldEvent {
    field: '$.id'
    value: string
  }

  export interface HistoryEntryStartedAtFieldEvent {
    field: '$.startedAt'
    value: bigint
  }

  export interface HistoryEntryTargetFieldEvent {
    field: '$.target'
    value: string
  }

  export interface HistoryEntryAnsweredFieldEvent {
    field: '$.answered'
    value: number
  }

  export interface HistoryEntryFailedFieldEvent {
    field: '$.failed'
    value: number
  }

  export function encode (obj: Partial<HistoryEntry>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, HistoryEntry.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<HistoryEntry>): HistoryEntry {
    return decodeMessage(buf, HistoryEntry.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<HistoryEntry>): Generator<HistoryEntryIdFieldEvent | HistoryEntryStartedAtFieldEvent | HistoryEntryTargetFieldEvent | HistoryEntryAnsweredFieldEvent | HistoryEntryFailedFieldEvent> {
    return streamMessage(buf, HistoryEntry.codec(), opts)
  }
}

export interface StoredTraceHeader {
  id: string
  startedAt: bigint
  finishedAt?: bigint
  request: Uint8Array<ArrayBuffer>
}

export namespace StoredTraceHeader {
  let _codec: Codec<StoredTraceHeader>

  export const codec = (): Codec<StoredTraceHeader> => {
    if (_codec == null) {
      _codec = message<StoredTraceHeader>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.id != null && obj.id !== '')) {
          w.uint32(10)
          w.string(obj.id)
        }

        if ((obj.startedAt != null && obj.startedAt !== 0n)) {
          w.uint32(16)
          w.uint64(obj.startedAt)
        }

        if (obj.finishedAt != null) {
          w.uint32(24)
          w.uint64(obj.finishedAt)
        }

        if ((obj.request != null && obj.request.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.request)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          id: '',
          startedAt: 0n,
          request: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.id = reader.string()
              break
            }
            case 2: {
              obj.startedAt = reader.uint64()
              break
            }
            case 3: {
              obj.finishedAt = reader.uint64()
              break
            }
            case 4: {
              obj.request = reader.bytes()
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
                field: `${prefix}.id`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.startedAt`,
                value: reader.uint64()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.finishedAt`,
                value: reader.uint64()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.request`,
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

  export interface StoredTraceHeaderIdFieldEvent {
    field: '$.id'
    value: string
  }

  export interface StoredTraceHeaderStartedAtFieldEvent {
    field: '$.startedAt'
    value: bigint
  }

  export interface StoredTraceHeaderFinishedAtFieldEvent {
    field: '$.finishedAt'
    value: bigint
  }

  export interface StoredTraceHeaderRequestFieldEvent {
    field: '$.request'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<StoredTraceHeader>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, StoredTraceHeader.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StoredTraceHeader>): StoredTraceHeader {
    return decodeMessage(buf, StoredTraceHeader.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StoredTraceHeader>): Generator<StoredTraceHeaderIdFieldEvent | StoredTraceHeaderStartedAtFieldEvent | StoredTraceHeaderFinishedAtFieldEvent | StoredTraceHeaderRequestFieldEvent> {
    return streamMessage(buf, StoredTraceHeader.codec(), opts)
  }
}

export interface FailedVantage {
  peer: string
  name?: string
  reason: string
}

export namespace FailedVantage {
  let _codec: Codec<FailedVantage>

  export const codec = (): Codec<FailedVantage> => {
    if (_codec == null) {
      _codec = message<FailedVantage>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.peer != null && obj.peer !== '')) {
          w.uint32(10)
          w.string(obj.peer)
        }

        if (obj.name != null) {
          w.uint32(18)
          w.string(obj.name)
        }

        if ((obj.reason != null && obj.reason !== '')) {
          w.uint32(26)
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
              obj.name = reader.string()
              break
            }
            case 3: {
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
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 3: {
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

  export interface FailedVantagePeerFieldEvent {
    field: '$.peer'
    value: string
  }

  export interface FailedVantageNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface FailedVantageReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export function encode (obj: Partial<FailedVantage>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, FailedVantage.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FailedVantage>): FailedVantage {
    return decodeMessage(buf, FailedVantage.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FailedVantage>): Generator<FailedVantagePeerFieldEvent | FailedVantageNameFieldEvent | FailedVantageReasonFieldEvent> {
    return streamMessage(buf, FailedVantage.codec(), opts)
  }
}

export interface TraceSummary {
  target: string
  answered: number
  failed: FailedVantage[]
  unverified: number
  durationMs: number
  interrupted?: boolean
  unlisted?: number
}

export namespace TraceSummary {
  let _codec: Codec<TraceSummary>

  export const codec = (): Codec<TraceSummary> => {
    if (_codec == null) {
      _codec = message<TraceSummary>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.target != null && obj.target !== '')) {
          w.uint32(10)
          w.string(obj.target)
        }

        if ((obj.answered != null && obj.answered !== 0)) {
          w.uint32(16)
          w.uint32(obj.answered)
        }

        if (obj.failed != null && obj.failed.length > 0) {
          for (const value of obj.failed) {
            w.uint32(26)
            FailedVantage.codec().encode(value, w)
          }
        }

        if ((obj.unverified != null && obj.unverified !== 0)) {
          w.uint32(32)
          w.uint32(obj.unverified)
        }

        if ((obj.durationMs != null && obj.durationMs !== 0)) {
          w.uint32(40)
          w.uint32(obj.durationMs)
        }

        if (obj.interrupted != null) {
          w.uint32(48)
          w.bool(obj.interrupted)
        }

        if (obj.unlisted != null) {
          w.uint32(56)
          w.uint32(obj.unlisted)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          target: '',
          answered: 0,
          failed: [],
          unverified: 0,
          durationMs: 0
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
              obj.answered = reader.uint32()
              break
            }
            case 3: {
              if (opts.limits?.failed != null && obj.failed.length === opts.limits.failed) {
                throw new MaxLengthError('Decode error - repeated field "failed" had too many elements')
              }

              obj.failed.push(FailedVantage.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.failed$
              }))
              break
            }
            case 4: {
              obj.unverified = reader.uint32()
              break
            }
            case 5: {
              obj.durationMs = reader.uint32()
              break
            }
            case 6: {
              obj.interrupted = reader.bool()
              break
            }
            case 7: {
              obj.unlisted = reader.uint32()
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
          failed: 0
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
                field: `${prefix}.answered`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              if (opts.limits?.failed != null && obj.failed === opts.limits.failed) {
                throw new MaxLengthError('Streaming decode error - repeated field "failed" had too many elements')
              }

              for (const evt of FailedVantage.codec().stream(reader, reader.uint32(), `${prefix}.failed[]`, {
                limits: opts.limits?.failed$
              })) {
                yield {
                  ...evt,
                  index: obj.failed
                }
              }

              obj.failed++

              break
            }
            case 4: {
              yield {
                field: `${prefix}.unverified`,
                value: reader.uint32()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.durationMs`,
                value: reader.uint32()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.interrupted`,
                value: reader.bool()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.unlisted`,
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

  export interface TraceSummaryTargetFieldEvent {
    field: '$.target'
    value: string
  }

  export interface TraceSummaryAnsweredFieldEvent {
    field: '$.answered'
    value: number
  }

  export interface TraceSummaryFailedPeerFieldEvent {
    field: '$.failed[].peer'
    value: string
    index: number
  }

  export interface TraceSummaryFailedNameFieldEvent {
    field: '$.failed[].name'
    value: string
    index: number
  }

  export interface TraceSummaryFailedReasonFieldEvent {
    field: '$.failed[].reason'
    value: string
    index: number
  }

  export interface TraceSummaryUnverifiedFieldEvent {
    field: '$.unverified'
    value: number
  }

  export interface TraceSummaryDurationMsFieldEvent {
    field: '$.durationMs'
    value: number
  }

  export interface TraceSummaryInterruptedFieldEvent {
    field: '$.interrupted'
    value: boolean
  }

  export interface TraceSummaryUnlistedFieldEvent {
    field: '$.unlisted'
    value: number
  }

  export function encode (obj: Partial<TraceSummary>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, TraceSummary.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TraceSummary>): TraceSummary {
    return decodeMessage(buf, TraceSummary.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TraceSummary>): Generator<TraceSummaryTargetFieldEvent | TraceSummaryAnsweredFieldEvent | TraceSummaryFailedPeerFieldEvent | TraceSummaryFailedNameFieldEvent | TraceSummaryFailedReasonFieldEvent | TraceSummaryUnverifiedFieldEvent | TraceSummaryDurationMsFieldEvent | TraceSummaryInterruptedFieldEvent | TraceSummaryUnlistedFieldEvent> {
    return streamMessage(buf, TraceSummary.codec(), opts)
  }
}

export interface HistoryReply {
  entry?: HistoryEntry
  trace?: StoredTraceHeader
  result?: Uint8Array<ArrayBuffer>
  summary?: TraceSummary
  errorCode?: string
  error?: string
  end?: number
}

export namespace HistoryReply {
  let _codec: Codec<HistoryReply>

  export const codec = (): Codec<HistoryReply> => {
    if (_codec == null) {
      _codec = message<HistoryReply>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.entry != null) {
          w.uint32(10)
          HistoryEntry.codec().encode(obj.entry, w)
        }

        if (obj.trace != null) {
          w.uint32(18)
          StoredTraceHeader.codec().encode(obj.trace, w)
        }

        if (obj.result != null) {
          w.uint32(26)
          w.bytes(obj.result)
        }

        if (obj.summary != null) {
          w.uint32(34)
          TraceSummary.codec().encode(obj.summary, w)
        }

        if (obj.errorCode != null) {
          w.uint32(42)
          w.string(obj.errorCode)
        }

        if (obj.error != null) {
          w.uint32(50)
          w.string(obj.error)
        }

        if (obj.end != null) {
          w.uint32(56)
          w.uint32(obj.end)
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
              obj.entry = HistoryEntry.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.entry
              })
              break
            }
            case 2: {
              obj.trace = StoredTraceHeader.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.trace
              })
              break
            }
            case 3: {
              obj.result = reader.bytes()
              break
            }
            case 4: {
              obj.summary = TraceSummary.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.summary
              })
              break
            }
            case 5: {
              obj.errorCode = reader.string()
              break
            }
            case 6: {
              obj.error = reader.string()
              break
            }
            case 7: {
              obj.end = reader.uint32()
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
              yield * HistoryEntry.codec().stream(reader, reader.uint32(), `${prefix}.entry`, {
                limits: opts.limits?.entry
              })

              break
            }
            case 2: {
              yield * StoredTraceHeader.codec().stream(reader, reader.uint32(), `${prefix}.trace`, {
                limits: opts.limits?.trace
              })

              break
            }
            case 3: {
              yield {
                field: `${prefix}.result`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield * TraceSummary.codec().stream(reader, reader.uint32(), `${prefix}.summary`, {
                limits: opts.limits?.summary
              })

              break
            }
            case 5: {
              yield {
                field: `${prefix}.errorCode`,
                value: reader.string()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.error`,
                value: reader.string()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.end`,
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

  export interface HistoryReplyEntryIdFieldEvent {
    field: '$.entry.id'
    value: string
  }

  export interface HistoryReplyEntryStartedAtFieldEvent {
    field: '$.entry.startedAt'
    value: bigint
  }

  export interface HistoryReplyEntryTargetFieldEvent {
    field: '$.entry.target'
    value: string
  }

  export interface HistoryReplyEntryAnsweredFieldEvent {
    field: '$.entry.answered'
    value: number
  }

  export interface HistoryReplyEntryFailedFieldEvent {
    field: '$.entry.failed'
    value: number
  }

  export interface HistoryReplyTraceIdFieldEvent {
    field: '$.trace.id'
    value: string
  }

  export interface HistoryReplyTraceStartedAtFieldEvent {
    field: '$.trace.startedAt'
    value: bigint
  }

  export interface HistoryReplyTraceFinishedAtFieldEvent {
    field: '$.trace.finishedAt'
    value: bigint
  }

  export interface HistoryReplyTraceRequestFieldEvent {
    field: '$.trace.request'
    value: Uint8Array<ArrayBuffer>
  }

  export interface HistoryReplyResultFieldEvent {
    field: '$.result'
    value: Uint8Array<ArrayBuffer>
  }

  export interface HistoryReplySummaryTargetFieldEvent {
    field: '$.summary.target'
    value: string
  }

  export interface HistoryReplySummaryAnsweredFieldEvent {
    field: '$.summary.answered'
    value: number
  }

  export interface HistoryReplySummaryFailedPeerFieldEvent {
    field: '$.summary.failed[].peer'
    value: string
    index: number
  }

  export interface HistoryReplySummaryFailedNameFieldEvent {
    field: '$.summary.failed[].name'
    value: string
    index: number
  }

  export interface HistoryReplySummaryFailedReasonFieldEvent {
    field: '$.summary.failed[].reason'
    value: string
    index: number
  }

  export interface HistoryReplySummaryUnverifiedFieldEvent {
    field: '$.summary.unverified'
    value: number
  }

  export interface HistoryReplySummaryDurationMsFieldEvent {
    field: '$.summary.durationMs'
    value: number
  }

  export interface HistoryReplySummaryInterruptedFieldEvent {
    field: '$.summary.interrupted'
    value: boolean
  }

  export interface HistoryReplySummaryUnlistedFieldEvent {
    field: '$.summary.unlisted'
    value: number
  }

  export interface HistoryReplyErrorCodeFieldEvent {
    field: '$.errorCode'
    value: string
  }

  export interface HistoryReplyErrorFieldEvent {
    field: '$.error'
    value: string
  }

  export interface HistoryReplyEndFieldEvent {
    field: '$.end'
    value: number
  }

  export function encode (obj: Partial<HistoryReply>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, HistoryReply.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<HistoryReply>): HistoryReply {
    return decodeMessage(buf, HistoryReply.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<HistoryReply>): Generator<HistoryReplyEntryIdFieldEvent | HistoryReplyEntryStartedAtFieldEvent | HistoryReplyEntryTargetFieldEvent | HistoryReplyEntryAnsweredFieldEvent | HistoryReplyEntryFailedFieldEvent | HistoryReplyTraceIdFieldEvent | HistoryReplyTraceStartedAtFieldEvent | HistoryReplyTraceFinishedAtFieldEvent | HistoryReplyTraceRequestFieldEvent | HistoryReplyResultFieldEvent | HistoryReplySummaryTargetFieldEvent | HistoryReplySummaryAnsweredFieldEvent | HistoryReplySummaryFailedPeerFieldEvent | HistoryReplySummaryFailedNameFieldEvent | HistoryReplySummaryFailedReasonFieldEvent | HistoryReplySummaryUnverifiedFieldEvent | HistoryReplySummaryDurationMsFieldEvent | HistoryReplySummaryInterruptedFieldEvent | HistoryReplySummaryUnlistedFieldEvent | HistoryReplyErrorCodeFieldEvent | HistoryReplyErrorFieldEvent | HistoryReplyEndFieldEvent> {
    return streamMessage(buf, HistoryReply.codec(), opts)
  }
}
