// An IP-to-ASN database in iptoasn's TSV format (ip2asn-v4.tsv, ip2asn-v6.tsv or ip2asn-combined.tsv: range_start,
// range_end, AS_number, country_code, AS_description; AS 0 = not routed), read once from a file the operator names
// and searched in memory: a binary search over the sorted ranges, no network lookups.

import { readFile, stat } from 'node:fs/promises'
import { isIPv4, isIPv6 } from 'node:net'
import ipaddr from 'ipaddr.js'
import { ASN_DB_MAX_BYTES, MAX_AS_NAME_LENGTH } from './constants.js'
import { AsnDatabaseError } from './errors.js'

/** What the database says of one address. */
export interface AsnEntry {
  asn: number
  /** Two-letter country code of the AS's registration; absent where the file says `None`. */
  country?: string
  /** The AS's description (name), absent where the file has none. */
  asName?: string
}

const FORMAT_HINT = 'iptoasn TSV: range_start, range_end, AS_number, country_code, AS_description'
/** The largest AS number (32 bits). */
const MAX_ASN = 0xffffffff

/** The ranges of one address family, sorted by start, not overlapping; `entry[i]` indexes the shared entries. */
interface Ranges<N> {
  starts: N[]
  ends: N[]
  entry: number[]
}

export class AsnDatabase {
  private readonly v4: Ranges<number>
  private readonly v6: Ranges<bigint>
  private readonly entries: AsnEntry[]

  private constructor (v4: Ranges<number>, v6: Ranges<bigint>, entries: AsnEntry[]) {
    this.v4 = v4
    this.v6 = v6
    this.entries = entries
  }

  /** Reads and checks `file`; an AsnDatabaseError says in one line what is wrong with it (and where). */
  static async load (file: string, maxBytes = ASN_DB_MAX_BYTES): Promise<AsnDatabase> {
    let size: number
    try {
      const info = await stat(file)
      if (!info.isFile()) throw new AsnDatabaseError(`ASN database ${file}: not a file`)
      size = info.size
    } catch (err) {
      if (err instanceof AsnDatabaseError) throw err
      throw new AsnDatabaseError(`ASN database ${file}: ${fileReason(err)}`, { cause: err })
    }
    if (size > maxBytes) throw new AsnDatabaseError(`ASN database ${file}: ${size} bytes, more than the ${maxBytes} read at most`)
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (err) {
      throw new AsnDatabaseError(`ASN database ${file}: ${fileReason(err)}`, { cause: err })
    }
    return AsnDatabase.parse(text, file)
  }

  /** The database in `text` (the TSV); `source` names it in errors. */
  static parse (text: string, source = 'input'): AsnDatabase {
    const entries: AsnEntry[] = []
    const entryIndex = new Map<string, number>()
    const v4: Array<[number, number, number, number]> = []
    const v6: Array<[bigint, bigint, number, number]> = []
    const lines = text.split('\n')
    let dataLines = 0
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].replace(/\r$/, '')
      if (line === '' || line.startsWith('#')) continue
      dataLines++
      const fail = (reason: string): never => {
        throw new AsnDatabaseError(`ASN database ${source}: line ${i + 1}: ${reason} (want ${FORMAT_HINT})`)
      }
      const fields = line.split('\t')
      if (fields.length < 3) fail(`${fields.length} tab-separated field${fields.length === 1 ? '' : 's'}`)
      const [first, last, asText, country = '', description = ''] = fields
      if (!/^\d{1,10}$/.test(asText) || Number(asText) > MAX_ASN) fail(`"${asText.slice(0, 20)}" is not an AS number`)
      const asn = Number(asText)
      const family = isIPv4(first) ? 4 : isIPv6(first) ? 6 : fail(`"${first.slice(0, 45)}" is not an IP address`)
      if (family === 4 ? !isIPv4(last) : !isIPv6(last)) fail(`"${last.slice(0, 45)}" is not an IPv${family} address`)
      // AS 0 is iptoasn's "not routed": left out, so the search finds nothing there.
      if (asn === 0) continue
      const key = `${asn}\t${country}\t${description}`
      let index = entryIndex.get(key)
      if (index === undefined) {
        index = entries.length
        entries.push(entryOf(asn, country, description))
        entryIndex.set(key, index)
      }
      if (family === 4) {
        const range: [number, number, number, number] = [v4Number(first), v4Number(last), index, i + 1]
        if (range[0] > range[1]) fail(`the range ends before it starts (${first} > ${last})`)
        v4.push(range)
      } else {
        const range: [bigint, bigint, number, number] = [v6Number(first), v6Number(last), index, i + 1]
        if (range[0] > range[1]) fail(`the range ends before it starts (${first} > ${last})`)
        v6.push(range)
      }
    }
    if (dataLines === 0) {
      throw new AsnDatabaseError(`ASN database ${source}: empty (want ${FORMAT_HINT})`)
    }
    return new AsnDatabase(sortedRanges(v4, source), sortedRanges(v6, source), entries)
  }

  /** The AS `addr` is routed in, or undefined when no range holds it (or it is not an IP address). */
  lookup (addr: string): AsnEntry | undefined {
    if (isIPv4(addr)) return this.find(this.v4, v4Number(addr))
    if (isIPv6(addr)) {
      const parsed = ipaddr.IPv6.parse(addr)
      // An IPv4-mapped address (::ffff:a.b.c.d) is looked up as the IPv4 address it carries.
      if (parsed.isIPv4MappedAddress()) return this.find(this.v4, v4Number(parsed.toIPv4Address().toString()))
      return this.find(this.v6, v6Number(addr))
    }
    return undefined
  }

  /** Ranges held, both families. */
  get size (): number {
    return this.v4.starts.length + this.v6.starts.length
  }

  private find<N extends number | bigint> (ranges: Ranges<N>, value: N): AsnEntry | undefined {
    // The last range that starts at or before `value`.
    let lo = 0
    let hi = ranges.starts.length - 1
    let found = -1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      if (ranges.starts[mid] <= value) {
        found = mid
        lo = mid + 1
      } else {
        hi = mid - 1
      }
    }
    if (found < 0 || ranges.ends[found] < value) return undefined
    return this.entries[ranges.entry[found]]
  }
}

function entryOf (asn: number, country: string, description: string): AsnEntry {
  const entry: AsnEntry = { asn }
  if (/^[A-Za-z]{2}$/.test(country)) entry.country = country.toUpperCase()
  const name = description.trim()
  if (name !== '' && name !== 'Not routed') entry.asName = name.slice(0, MAX_AS_NAME_LENGTH)
  return entry
}

/** [start, end, entry index, line number], sorted by start; overlapping ranges make the file malformed. */
function sortedRanges<N extends number | bigint> (ranges: Array<[N, N, number, number]>, source: string): Ranges<N> {
  ranges.sort((a, b) => a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)
  for (let i = 1; i < ranges.length; i++) {
    if (ranges[i][0] <= ranges[i - 1][1]) {
      const [one, other] = [ranges[i - 1][3], ranges[i][3]].sort((a, b) => a - b)
      throw new AsnDatabaseError(`ASN database ${source}: the ranges of lines ${one} and ${other} overlap (want ${FORMAT_HINT})`)
    }
  }
  return { starts: ranges.map(r => r[0]), ends: ranges.map(r => r[1]), entry: ranges.map(r => r[2]) }
}

function v4Number (addr: string): number {
  const [a, b, c, d] = addr.split('.').map(Number)
  return ((a * 256 + b) * 256 + c) * 256 + d
}

function v6Number (addr: string): bigint {
  let value = 0n
  for (const byte of ipaddr.IPv6.parse(addr).toByteArray()) value = (value << 8n) | BigInt(byte)
  return value
}

function fileReason (err: unknown): string {
  const code = (err as { code?: string })?.code
  if (code === 'ENOENT') return 'no such file'
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  if (code === 'EISDIR') return 'not a file'
  return (err as Error)?.message ?? String(err)
}
