// The iptoasn TSV reader: lookups against a linear scan of seeded random databases (both families, edges, gaps,
// AS 0), and every way a file can be unusable, each a one-line ERR_ASN_DB naming the file (and the line).

import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AsnDatabase } from '../../src/annotate/asn-db.js'
import { AsnDatabaseError } from '../../src/annotate/errors.js'
import { Prng } from '../harness/prng.js'
import { addrText, drawRanges, rangeOf, rangesTsv } from './asn-db-file.js'

const SEEDS = [1, 7919, 15837, 380113]

describe('IP-to-ASN database (iptoasn TSV)', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: every lookup agrees with a linear scan (range edges, gaps, AS 0, IPv4 and IPv6)`, () => {
      const ranges = drawRanges(seed, 300)
      const db = AsnDatabase.parse(rangesTsv(ranges, seed), `seed-${seed}.tsv`)
      assert.equal(db.size, ranges.filter(r => r.asn !== 0).length)
      const prng = new Prng(seed + 1)
      const probes: Array<[4 | 6, bigint]> = []
      for (const r of ranges) probes.push([r.family, r.start], [r.family, r.end], [r.family, r.end + 1n], [r.family, r.start - 1n])
      for (let i = 0; i < 2000; i++) {
        const r = prng.pick(ranges)
        probes.push([r.family, r.start + (r.end - r.start) * BigInt(prng.int(0, 1000)) / 1000n])
      }
      let routed = 0
      for (const [family, n] of probes) {
        const want = rangeOf(ranges, family, n)
        const got = db.lookup(addrText(family, n))
        if (want === undefined) {
          assert.equal(got, undefined, `${addrText(family, n)}: not routed`)
          continue
        }
        routed++
        const entry: Record<string, unknown> = { asn: want.asn, asName: want.name }
        if (want.country !== 'None') entry.country = want.country
        assert.deepEqual(got, entry, addrText(family, n))
      }
      assert.ok(routed > 1000, `the draw routes most probes (${routed})`)
    })
  }

  it('reads iptoasn\'s own lines: country None, Not routed, CRLF, an IPv4-mapped IPv6 address, no name', () => {
    const db = AsnDatabase.parse([
      '1.0.0.0\t1.0.0.255\t13335\tUS\tCLOUDFLARENET',
      '1.0.1.0\t1.0.3.255\t0\tNone\tNot routed\r',
      '1.0.4.0\t1.0.7.255\t38803\tAU\tWPL-AS-AP Wirefreebroadband Pty Ltd',
      '2001:200::\t2001:200:ffff:ffff:ffff:ffff:ffff:ffff\t2500\tJP\tWIDE-BB WIDE Project',
      '5.0.0.0\t5.0.0.255\t64500\tNone',
      ''
    ].join('\n'))
    assert.deepEqual(db.lookup('1.0.0.7'), { asn: 13335, country: 'US', asName: 'CLOUDFLARENET' })
    assert.equal(db.lookup('1.0.2.1'), undefined)
    assert.deepEqual(db.lookup('::ffff:1.0.5.1'), { asn: 38803, country: 'AU', asName: 'WPL-AS-AP Wirefreebroadband Pty Ltd' })
    assert.deepEqual(db.lookup('2001:200:0:8002::1'), { asn: 2500, country: 'JP', asName: 'WIDE-BB WIDE Project' })
    assert.deepEqual(db.lookup('5.0.0.9'), { asn: 64500 })
    assert.equal(db.lookup('9.9.9.9'), undefined)
    assert.equal(db.lookup('not-an-address'), undefined)
  })

  it('IPv6 text in every form: `::` anywhere, an IPv4 tail, upper case; invalid text finds nothing', () => {
    const db = AsnDatabase.parse('::\t::ffff\t64500\tNone\tLOW\n2001:db8::\t2001:db8::ffff:ffff\t64501\tNone\tDOC\n')
    const asnOf = (addr: string): number | undefined => db.lookup(addr)?.asn
    assert.deepEqual(['::', '::1', '0:0:0:0:0:0:0:ffff', '::FFFF'].map(asnOf), [64500, 64500, 64500, 64500])
    assert.deepEqual(['2001:db8::', '2001:DB8::1:2', '2001:db8:0:0:0:0:ffff:ffff', '2001:db8::255.255.255.255'].map(asnOf), [64501, 64501, 64501, 64501])
    assert.deepEqual(['2001:db8::1:0:0', '1::', '::1:0'].map(asnOf), [undefined, undefined, undefined])
    for (const bad of ['1:::2', '12345::', '2001:db8::g', '2001:db8:1:2:3:4:5:6:7', ':1', '1:', '']) {
      assert.equal(db.lookup(bad), undefined, bad)
    }
    assert.throws(() => AsnDatabase.parse('2001:db8::\t2001:db8:::1\t1\tNone\tX\n'), /line 1: "2001:db8:::1" is not an IPv6 address/)
  })

  describe('unusable files: one line, ERR_ASN_DB, naming the file', () => {
    let dir: string
    before(() => { dir = mkdtempSync(join(tmpdir(), 'peertrace-asn-')) })
    after(() => { rmSync(dir, { recursive: true, force: true }) })

    const refused = async (file: string, message: RegExp, maxBytes?: number): Promise<void> => {
      await assert.rejects(AsnDatabase.load(file, maxBytes), (err: unknown) => {
        assert.ok(err instanceof AsnDatabaseError)
        assert.equal(err.code, 'ERR_ASN_DB')
        assert.ok(!err.message.includes('\n'), err.message)
        assert.match(err.message, message)
        return true
      })
    }
    const file = (name: string, text: string): string => {
      const path = join(dir, name)
      writeFileSync(path, text)
      return path
    }

    it('missing, a directory, too large, empty', async () => {
      await refused(join(dir, 'nope.tsv'), /^ASN database \S+nope\.tsv: no such file$/)
      mkdirSync(join(dir, 'sub'))
      await refused(join(dir, 'sub'), /sub: not a file$/)
      await refused(file('big.tsv', '1.0.0.0\t1.0.0.255\t13335\tUS\tX\n'), /big\.tsv: 29 bytes, more than the 10 read at most$/, 10)
      await refused(file('empty.tsv', '\n\n'), /empty\.tsv: empty \(want iptoasn TSV/)
    })

    it('malformed lines, by line number', async () => {
      await refused(file('fields.tsv', '1.0.0.0\t1.0.0.255\t13335\tUS\tX\n1.0.1.0 1.0.1.255 1 US X\n'), /fields\.tsv: line 2: 1 tab-separated field \(want/)
      await refused(file('as.tsv', '1.0.0.0\t1.0.0.255\tAS13335\tUS\tX\n'), /line 1: "AS13335" is not an AS number/)
      await refused(file('big-as.tsv', '1.0.0.0\t1.0.0.255\t4294967296\tUS\tX\n'), /line 1: "4294967296" is not an AS number/)
      await refused(file('addr.tsv', '1.0.0.0\t1.0.0.255\t1\tUS\tX\n1.0.0.300\t1.0.1.5\t1\tUS\tX\n'), /line 2: "1\.0\.0\.300" is not an IP address/)
      await refused(file('mixed.tsv', '1.0.0.0\t::1\t1\tUS\tX\n'), /line 1: "::1" is not an IPv4 address/)
      await refused(file('backwards.tsv', '1.0.0.9\t1.0.0.1\t1\tUS\tX\n'), /line 1: the range ends before it starts \(1\.0\.0\.9 > 1\.0\.0\.1\)/)
      await refused(file('overlap.tsv', '1.0.0.0\t1.0.0.255\t1\tUS\tX\n1.0.0.128\t1.0.1.0\t2\tUS\tY\n'), /overlap\.tsv: the ranges of lines 1 and 2 overlap \(want/)
    })
  })
})
