// `node --asn-db`: the node's AS and country from the first of its addresses the database routes, what the operator
// stated winning field by field, and the listen address (when it is one) before the host's own.

import assert from 'node:assert/strict'
import { AsnDatabase } from '../../src/annotate/asn-db.js'
import { labelsFromAsn, ownAddresses } from '../../src/node/directory/self-description.js'

const db = AsnDatabase.parse([
  '192.0.2.0\t192.0.2.255\t64500\tDE\tFIRST',
  '198.51.100.0\t198.51.100.255\t64501\tNone\tSECOND',
  '2001:db8::\t2001:db8::ffff\t64502\tNL\tTHIRD'
].join('\n'))

describe('the node\'s own AS and country from an IP-to-ASN database', () => {
  it('the first routed address gives both; an unrouted one is skipped', () => {
    assert.deepEqual(labelsFromAsn(db, ['203.0.113.1', '192.0.2.7', '2001:db8::1'], {}), { asn: 64500, country: 'DE' })
    assert.deepEqual(labelsFromAsn(db, ['2001:db8::1'], {}), { asn: 64502, country: 'NL' })
    assert.deepEqual(labelsFromAsn(db, ['198.51.100.1'], {}), { asn: 64501 }, 'no country in the database: none')
    assert.deepEqual(labelsFromAsn(db, ['203.0.113.1'], {}), {})
  })

  it('--asn and --country as stated win, each on its own', () => {
    assert.deepEqual(labelsFromAsn(db, ['192.0.2.7'], { asn: 3320 }), { asn: 3320, country: 'DE' })
    assert.deepEqual(labelsFromAsn(db, ['192.0.2.7'], { country: 'FR' }), { asn: 64500, country: 'FR' })
  })

  it('a specific listen address is the one looked up; a wildcard means the host\'s own addresses', () => {
    assert.deepEqual(ownAddresses('192.0.2.7'), ['192.0.2.7'])
    for (const wildcard of ['0.0.0.0', '::']) {
      const own = ownAddresses(wildcard)
      assert.ok(!own.includes('127.0.0.1') && !own.includes('::1'), 'loopback is not where the node probes from')
      assert.ok(own.every(a => !a.startsWith('fe80')), 'nor link-local')
    }
  })
})
