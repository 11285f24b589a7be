import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface Description {
  peer: string
  name: string
  tags: string[]
  country?: string
  city?: string
  asn?: number
  families: string[]
  version: string
  timestamp: bigint
  signature: Uint8Array<ArrayBuffer>
}

export namespace Description {
  let _codec: Codec<Description>

  export const codec = (): Codec<Description> => {
    if (_codec == null) {
      _codec = message<Description>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.peer != null && obj.peer !== '')) {
          w.uint32(10)
          w.string(obj.peer)
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(18)
          w.string(obj.name)
        }

        if (obj.tags != null && obj.tags.length > 0) {
          for (const value of obj.tags) {
            w.uint32(26)
            w.string(value)
          }
        }

        if (obj.country != null) {
          w.uint32(34)
          w.string(obj.country)
        }

        if (obj.city != null) {
          w.uint32(42)
          w.string(obj.city)
        }

        if (obj.asn != null) {
          w.uint32(48)
          w.uint32(obj.asn)
        }

        if (obj.families != null && obj.families.length > 0) {
          for (const value of obj.families) {
            w.uint32(58)
            w.string(value)
          }
        }

        if ((obj.version != null && obj.version !== '')) {
          w.uint32(66)
          w.string(obj.version)
        }

        if ((obj.timestamp != null && obj.timestamp !== 0n)) {
          w.uint32(72)
          w.uint64(obj.timestamp)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(82)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          peer: '',
          name: '',
          tags: [],
          families: [],
          version: '',
          timestamp: 0n,
          signature: uint8ArrayAlloc(0)
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
              if (opts.limits?.tags != null && obj.tags.length === opts.limits.tags) {
                throw new MaxLengthError('Decode error - repeated field "tags" had too many elements')
              }

              obj.tags.push(reader.string())
              break
            }
            case 4: {
              obj.country = reader.string()
              break
            }
            case 5: {
              obj.city = reader.string()
              break
            }
            case 6: {
              obj.asn = reader.uint32()
              break
            }
            case 7: {
              if (opts.limits?.families != null && obj.families.length === opts.limits.families) {
                throw new MaxLengthError('Decode error - repeated field "families" had too many elements')
              }

              obj.families.push(reader.string())
              break
            }
            case 8: {
              obj.version = reader.string()
              break
            }
            case 9: {
              obj.timestamp = reader.uint64()
              break
            }
            case 10: {
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
        const obj = {
          tags: 0,
          families: 0
        }

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
              if (opts.limits?.tags != null && obj.tags === opts.limits.tags) {
                throw new MaxLengthError('Streaming decode error - repeated field "tags" had too many elements')
              }

              yield {
                field: `${prefix}.tags[]`,
                index: obj.tags,
                value: reader.string()
              }

              obj.tags++

              break
            }
            case 4: {
              yield {
                field: `${prefix}.country`,
                value: reader.string()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.city`,
                value: reader.string()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.asn`,
                value: reader.uint32()
              }
              break
            }
            case 7: {
              if (opts.limits?.families != null && obj.families === opts.limits.families) {
                throw new MaxLengthError('Streaming decode error - repeated field "families" had too many elements')
              }

              yield {
                field: `${prefix}.families[]`,
                index: obj.families,
                value: reader.string()
              }

              obj.families++

              break
            }
            case 8: {
              yield {
                field: `${prefix}.version`,
                value: reader.string()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.timestamp`,
                value: reader.uint64()
              }
              break
            }
            case 10: {
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

  export interface DescriptionPeerFieldEvent {
    field: '$.peer'
    value: string
  }

  export interface DescriptionNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface DescriptionTagsFieldEvent {
    field: '$.tags[]'
    index: number
    value: string
  }

  export interface DescriptionCountryFieldEvent {
    field: '$.country'
    value: string
  }

  export interface DescriptionCityFieldEvent {
    field: '$.city'
    value: string
  }

  export interface DescriptionAsnFieldEvent {
    field: '$.asn'
    value: number
  }

  export interface DescriptionFamiliesFieldEvent {
    field: '$.families[]'
    index: number
    value: string
  }

  export interface DescriptionVersionFieldEvent {
    field: '$.version'
    value: string
  }

  export interface DescriptionTimestampFieldEvent {
    field: '$.timestamp'
    value: bigint
  }

  export interface DescriptionSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Description>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Description.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Description>): Description {
    return decodeMessage(buf, Description.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Description>): Generator<DescriptionPeerFieldEvent | DescriptionNameFieldEvent | DescriptionTagsFieldEvent | DescriptionCountryFieldEvent | DescriptionCityFieldEvent | DescriptionAsnFieldEvent | DescriptionFamiliesFieldEvent | DescriptionVersionFieldEvent | DescriptionTimestampFieldEvent | DescriptionSignatureFieldEvent> {
    return streamMessage(buf, Description.codec(), opts)
  }
}

export interface Directory {
  descriptions: Description[]
}

export namespace Directory {
  let _codec: Codec<Directory>

  export const codec = (): Codec<Directory> => {
    if (_codec == null) {
      _codec = message<Directory>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.descriptions != null && obj.descriptions.length > 0) {
          for (const value of obj.descriptions) {
            w.uint32(10)
            Description.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          descriptions: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.descriptions != null && obj.descriptions.length === opts.limits.descriptions) {
                throw new MaxLengthError('Decode error - repeated field "descriptions" had too many elements')
              }

              obj.descriptions.push(Description.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.descriptions$
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
          descriptions: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.descriptions != null && obj.descriptions === opts.limits.descriptions) {
                throw new MaxLengthError('Streaming decode error - repeated field "descriptions" had too many elements')
              }

              for (const evt of Description.codec().stream(reader, reader.uint32(), `${prefix}.descriptions[]`, {
                limits: opts.limits?.descriptions$
              })) {
                yield {
                  ...evt,
                  index: obj.descriptions
                }
              }

              obj.descriptions++

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

  export interface DirectoryDescriptionsPeerFieldEvent {
    field: '$.descriptions[].peer'
    value: string
    index: number
  }

  export interface DirectoryDescriptionsNameFieldEvent {
    field: '$.descriptions[].name'
    value: string
    index: number
  }

  export interface DirectoryDescriptionsTagsFieldEvent {
    field: '$.descriptions[].tags[]'
    index: number
    value: string
  }

  export interface DirectoryDescriptionsCountryFieldEvent {
    field: '$.descriptions[].country'
    value: string
    index: number
  }

  export interface DirectoryDescriptionsCityFieldEvent {
    field: '$.descriptions[].city'
    value: string
    index: number
  }

  export interface DirectoryDescriptionsAsnFieldEvent {
    field: '$.descriptions[].asn'
    value: number
    index: number
  }

  export interface DirectoryDescriptionsFamiliesFieldEvent {
    field: '$.descriptions[].families[]'
    index: number
    value: string
  }

  export interface DirectoryDescriptionsVersionFieldEvent {
    field: '$.descriptions[].version'
    value: string
    index: number
  }

  export interface DirectoryDescriptionsTimestampFieldEvent {
    field: '$.descriptions[].timestamp'
    value: bigint
    index: number
  }

  export interface DirectoryDescriptionsSignatureFieldEvent {
    field: '$.descriptions[].signature'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export function encode (obj: Partial<Directory>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Directory.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Directory>): Directory {
    return decodeMessage(buf, Directory.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Directory>): Generator<DirectoryDescriptionsPeerFieldEvent | DirectoryDescriptionsNameFieldEvent | DirectoryDescriptionsTagsFieldEvent | DirectoryDescriptionsCountryFieldEvent | DirectoryDescriptionsCityFieldEvent | DirectoryDescriptionsAsnFieldEvent | DirectoryDescriptionsFamiliesFieldEvent | DirectoryDescriptionsVersionFieldEvent | DirectoryDescriptionsTimestampFieldEvent | DirectoryDescriptionsSignatureFieldEvent> {
    return streamMessage(buf, Directory.codec(), opts)
  }
}
