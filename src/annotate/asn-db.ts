// An IP-to-ASN database in iptoasn's TSV format (ip2asn-v4.tsv, ip2asn-v6.tsv or ip2asn-combined.tsv: range_start,
// range_end, AS_number, country_code, AS_description; AS 0 = not routed), read once from a file the operator names
// and searched in memory: a binary search over the sorted ranges, no network lookups.

import { readFile, stat } from 'node:fs/promises'
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
/** Distinct (AS, country, name) rows remembered while reading (iptoasn has about 80,000). */
const MAX_DISTINCT_ENTRIES = 1_000_000
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
    const v4 = new RangeList<number>()
    const v6 = new RangeList<bigint>()
    const lines = text.split('\n')
    let dataLines = 0
    for (let i = 0; i < lines.length; i++) {
      let line = lines[i]
      if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1) // CRLF
      if (line === '' || line.charCodeAt(0) === 35) continue // '#': a comment
      dataLines++
      const fail = (reason: string): never => {
        throw new AsnDatabaseError(`ASN database ${source}: line ${i + 1}: ${reason} (want ${FORMAT_HINT})`)
      }
      const fields = line.split('\t')
      if (fields.length < 3) fail(`${fields.length} tab-separated field${fields.length === 1 ? '' : 's'}`)
      const [first, last, asText, country = '', description = ''] = fields
      if (!/^\d{1,10}$/.test(asText) || Number(asText) > MAX_ASN) fail(`"${asText.slice(0, 20)}" is not an AS number`)
      const asn = Number(asText)
      // AS 0 is iptoasn's "not routed": checked, then left out, so the search finds nothing there.
      if (first.includes(':')) {
        const start = v6Number(first) ?? fail(`"${first.slice(0, 45)}" is not an IP address`)
        const end = v6Number(last) ?? fail(`"${last.slice(0, 45)}" is not an IPv6 address`)
        if (start > end) fail(`the range ends before it starts (${first} > ${last})`)
        if (asn !== 0) v6.push(start, end, entryOf(asn, country, description, entries, entryIndex), i + 1)
      } else {
        const start = v4Number(first)
        if (start < 0) fail(`"${first.slice(0, 45)}" is not an IP address`)
        const end = v4Number(last)
        if (end < 0) fail(`"${last.slice(0, 45)}" is not an IPv4 address`)
        if (start > end) fail(`the range ends before it starts (${first} > ${last})`)
        if (asn !== 0) v4.push(start, end, entryOf(asn, country, description, entries, entryIndex), i + 1)
      }
    }
    if (dataLines === 0) throw new AsnDatabaseError(`ASN database ${source}: empty (want ${FORMAT_HINT})`)
    return new AsnDatabase(v4.sorted(source), v6.sorted(source), entries)
  }

  /** The AS `addr` is routed in, or undefined when no range holds it (or it is not an IP address). */
  lookup (addr: string): AsnEntry | undefined {
    if (!addr.includes(':')) {
      const n = v4Number(addr)
      return n < 0 ? undefined : this.find(this.v4, n)
    }
    const n = v6Number(addr)
    if (n === undefined) return undefined
    // An IPv4-mapped address (::ffff:a.b.c.d) is looked up as the IPv4 address it carries.
    if (n >> 32n === 0xffffn) return this.find(this.v4, Number(n & 0xffffffffn))
    return this.find(this.v6, n)
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

/** The index of the entry (asn, country, description), added on first sight: one object per AS row, not per range. */
function entryOf (asn: number, country: string, description: string, entries: AsnEntry[], index: Map<string, number>): number {
  const key = `${asn}\t${country}\t${description}`
  const known = index.get(key)
  if (known !== undefined) return known
  if (index.size >= MAX_DISTINCT_ENTRIES) index.clear() // bounded: a repeat then costs one more small object
  const entry: AsnEntry = { asn }
  if (/^[A-Za-z]{2}$/.test(country)) entry.country = country.toUpperCase()
  const name = description.trim()
  if (name !== '' && name !== 'Not routed') entry.asName = name.slice(0, MAX_AS_NAME_LENGTH)
  entries.push(entry)
  index.set(key, entries.length - 1)
  return entries.length - 1
}

/** Ranges as read, with their line numbers; sorted by start only if the file was not (iptoasn's files are). */
class RangeList<N extends number | bigint> {
  private readonly starts: N[] = []
  private readonly ends: N[] = []
  private readonly entry: number[] = []
  private readonly line: number[] = []

  push (start: N, end: N, entry: number, line: number): void {
    this.starts.push(start)
    this.ends.push(end)
    this.entry.push(entry)
    this.line.push(line)
  }

  /** The ranges by start; two that overlap make the file malformed, said with their line numbers. */
  sorted (source: string): Ranges<N> {
    const starts = this.starts
    let order: number[] | undefined
    for (let i = 1; i < starts.length; i++) {
      if (starts[i] < starts[i - 1]) {
        order = starts.map((_, j) => j).sort((a, b) => starts[a] < starts[b] ? -1 : starts[a] > starts[b] ? 1 : 0)
        break
      }
    }
    const pick = <T>(values: T[]): T[] => order === undefined ? values : order.map(j => values[j])
    const ranges: Ranges<N> = { starts: pick(starts), ends: pick(this.ends), entry: pick(this.entry) }
    const lines = pick(this.line)
    for (let i = 1; i < ranges.starts.length; i++) {
      if (ranges.starts[i] <= ranges.ends[i - 1]) {
        const [one, other] = [lines[i - 1], lines[i]].sort((a, b) => a - b)
        throw new AsnDatabaseError(`ASN database ${source}: the ranges of lines ${one} and ${other} overlap (want ${FORMAT_HINT})`)
      }
    }
    return ranges
  }
}

/** A dotted-quad IPv4 address as a number, or -1 when it is not one (a leading zero is refused, as node's isIPv4 does). */
function v4Number (addr: string): number {
  let value = 0
  let part = 0
  let digits = 0
  let dots = 0
  for (let i = 0; i < addr.length; i++) {
    const c = addr.charCodeAt(i)
    if (c === 46) { // '.'
      if (digits === 0 || dots === 3) return -1
      value = value * 256 + part
      part = 0
      digits = 0
      dots++
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && part === 0) return -1
      part = part * 10 + (c - 48)
      if (++digits > 3 || part > 255) return -1
    } else {
      return -1
    }
  }
  if (digits === 0 || dots !== 3) return -1
  return value * 256 + part
}

/** An IPv6 address as a 128-bit number, or undefined when it is not one. */
function v6Number (addr: string): bigint | undefined {
  const hex = plainV6Hex(addr)
  if (hex !== undefined) return BigInt(`0x${hex}`)
  // The rarer forms (an IPv4 tail, a zone) and anything invalid: ipaddr.js decides.
  if (!ipaddr.IPv6.isValid(addr)) return undefined
  return BigInt(`0x${ipaddr.IPv6.parse(addr).parts.map(p => p.toString(16).padStart(4, '0')).join('')}`)
}

/**
 * The 32 hex digits of an IPv6 address written with hex groups and at most one `::` (all iptoasn writes), or
 * undefined for any other text: the fast path of a file's hundreds of thousands of addresses.
 */
function plainV6Hex (addr: string): string | undefined {
  const halves = addr.split('::')
  if (halves.length > 2) return undefined
  const groups = (half: string): string[] | undefined => {
    if (half === '') return []
    const out = half.split(':')
    return out.every(g => /^[0-9a-fA-F]{1,4}$/.test(g)) ? out : undefined
  }
  const head = groups(halves[0])
  const tail = halves.length === 2 ? groups(halves[1]) : []
  if (head === undefined || tail === undefined) return undefined
  const missing = 8 - head.length - tail.length
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined
  return [...head, ...Array<string>(missing).fill('0'), ...tail].map(g => g.padStart(4, '0')).join('')
}

function fileReason (err: unknown): string {
  const code = (err as { code?: string })?.code
  if (code === 'ENOENT') return 'no such file'
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  if (code === 'EISDIR') return 'not a file'
  return (err as Error)?.message ?? String(err)
}
