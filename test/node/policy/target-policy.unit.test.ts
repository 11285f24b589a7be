// TargetPolicy on address strings only (nothing here is ever contacted): by default only global unicast passes;
// every special-purpose range of IPv4 and IPv6 is refused with a reason naming it; --allow-target opens a range,
// --deny-target wins over it; a bad CIDR is a usage error at start-up, never a silently different range.

import assert from 'node:assert/strict'
import { UsageError } from '../../../src/node/errors.js'
import { TargetPolicy, parseCidr } from '../../../src/node/policy/target-policy.js'

/** Address (one inside each range, and its edges), and the range name the refusal must give. */
const REFUSED_BY_DEFAULT: Array<[string, string, string]> = [
  ['loopback 127/8', '127.0.0.1', 'loopback'],
  ['loopback 127/8, far end', '127.255.255.254', 'loopback'],
  ['unspecified 0.0.0.0', '0.0.0.0', 'unspecified'],
  ['"this network" 0/8', '0.1.2.3', 'unspecified'],
  ['link-local 169.254/16', '169.254.169.254', 'linkLocal'],
  ['multicast 224/4', '224.0.0.251', 'multicast'],
  ['multicast 224/4, far end', '239.255.255.255', 'multicast'],
  ['limited broadcast', '255.255.255.255', 'broadcast'],
  ['private 10/8', '10.0.0.1', 'private'],
  ['private 10/8, far end', '10.255.255.255', 'private'],
  ['private 172.16/12', '172.16.0.1', 'private'],
  ['private 172.16/12, far end', '172.31.255.254', 'private'],
  ['private 192.168/16', '192.168.1.1', 'private'],
  ['shared address space (CGN) 100.64/10', '100.64.0.1', 'carrierGradeNat'],
  ['shared address space (CGN) 100.64/10, far end', '100.127.255.254', 'carrierGradeNat'],
  ['IETF protocol assignments 192.0.0/24', '192.0.0.8', 'reserved'],
  ['documentation TEST-NET-1 192.0.2/24', '192.0.2.1', 'reserved'],
  ['documentation TEST-NET-2 198.51.100/24', '198.51.100.7', 'reserved'],
  ['documentation TEST-NET-3 203.0.113/24', '203.0.113.9', 'reserved'],
  ['benchmarking 198.18/15 (the lab ranges)', '198.18.0.1', 'reserved'],
  ['benchmarking 198.18/15, far end', '198.19.255.254', 'reserved'],
  ['reserved 240/4', '240.0.0.1', 'reserved'],
  ['reserved 240/4, near the top', '250.1.2.3', 'reserved'],
  ['IPv6 loopback ::1', '::1', 'loopback'],
  ['IPv6 unspecified ::', '::', 'unspecified'],
  ['IPv6 link-local fe80::/10', 'fe80::1', 'linkLocal'],
  ['IPv6 link-local with a zone', 'fe80::1%eth0', 'linkLocal'],
  ['IPv6 link-local fe80::/10, far end', 'febf:ffff::1', 'linkLocal'],
  ['IPv6 unique local fc00::/7 (fc)', 'fc00::1', 'uniqueLocal'],
  ['IPv6 unique local fc00::/7 (fd)', 'fd12:3456:789a::1', 'uniqueLocal'],
  ['IPv6 multicast ff00::/8', 'ff02::1', 'multicast'],
  ['IPv6 multicast, global scope', 'ff0e::101', 'multicast'],
  ['IPv6 documentation 2001:db8::/32', '2001:db8::1', 'reserved'],
  ['IPv6 documentation 2001:db8::/32, far end', '2001:db8:ffff:ffff::1', 'reserved'],
  ['IPv6 documentation 3fff::/20', '3fff::1', 'reserved'],
  ['IPv6 discard-only 100::/64', '100::1', 'discard'],
  ['Teredo 2001::/32', '2001:0:4136:e378::1', 'teredo'],
  ['deprecated site-local fec0::/10', 'fec0::1', 'deprecatedSiteLocal'],
  // Issue 14, item 8: IPv4-compatible (deprecated) whatever it carries, and IPv6 outside global unicast 2000::/3.
  ['IPv4-compatible ::/96 carrying 127.0.0.1', '::7f00:1', 'ipv4Compatible'],
  ['IPv4-compatible ::/96 carrying 10.0.0.1', '::a00:1', 'ipv4Compatible'],
  ['IPv4-compatible ::/96 carrying 192.168.1.1', '::c0a8:101', 'ipv4Compatible'],
  ['IPv4-compatible ::/96 carrying a global 8.8.8.8', '::808:808', 'ipv4Compatible'],
  ['IPv4-compatible ::/96, far end', '::ffff:ffff', 'ipv4Compatible'],
  ['IPv4-translated ::ffff:0:0:0/96', '::ffff:0:808:808', 'ipv4Translated'],
  ['NAT64 local use 64:ff9b:1::/48', '64:ff9b:1::808:808', 'nat64LocalUse'],
  ['IPv6 benchmarking 2001:2::/48', '2001:2::1', 'benchmarking'],
  ['IETF protocol assignments 2001::/23', '2001:1::4', 'reserved'],
  ['IETF protocol assignments 2001::/23, far end', '2001:1ff:ffff::1', 'reserved'],
  ['deprecated ORCHID 2001:10::/28', '2001:10::1', 'deprecatedOrchid'],
  ['segment routing 5f00::/16', '5f00::1', 'segmentRouting'],
  ['unassigned 4000::/2 (outside 2000::/3)', '4000::1', 'non-global (outside 2000::/3)'],
  ['unassigned e000::/4 (outside 2000::/3)', 'e000::1', 'non-global (outside 2000::/3)'],
  ['unassigned just below 2000::/3', '1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'non-global (outside 2000::/3)'],
  ['unassigned just above 2000::/3', '4000::', 'non-global (outside 2000::/3)'],
  ['unassigned 8000::/1', '8000::1', 'non-global (outside 2000::/3)']
]

/** IPv6 that the kernel would route as an IPv4 address: refused when that address is, naming both. */
const EMBEDDED: Array<[string, string, string]> = [
  ['64:ff9b::a00:1', 'NAT64', '10.0.0.1'],
  ['64:ff9b::7f00:1', 'NAT64', '127.0.0.1'],
  ['64:ff9b::c0a8:101', 'NAT64', '192.168.1.1'],
  ['64:ff9b::c612:1', 'NAT64', '198.18.0.1'],
  ['2002:a00:1::1', '6to4', '10.0.0.1'],
  ['2002:7f00:1::', '6to4', '127.0.0.1'],
  ['2002:a9fe:a9fe::1', '6to4', '169.254.169.254'],
  ['2002:e000:1::1', '6to4', '224.0.0.1']
]

/** Written with a dotted IPv4 tail: the address probed is the IPv4-compatible one (ipaddr.js reads it as mapped). */
const DOTTED_TAIL: Array<[string, string]> = [
  ['::127.0.0.1', '::7f00:1'],
  ['::10.0.0.1', '::a00:1'],
  ['::192.168.1.1', '::c0a8:101'],
  ['::8.8.8.8', '::808:808'],
  ['::0:127.0.0.1', '::7f00:1']
]

/** IPv4-mapped IPv6 is judged as the IPv4 address it maps: the refusal names the IPv4 form. */
const MAPPED: Array<[string, string, string]> = [
  ['::ffff:10.0.0.1', '10.0.0.1', 'private'],
  ['::ffff:127.0.0.1', '127.0.0.1', 'loopback'],
  ['::ffff:192.168.0.1', '192.168.0.1', 'private'],
  ['::ffff:a9fe:a9fe', '169.254.169.254', 'linkLocal'],
  ['::ffff:100.64.0.1', '100.64.0.1', 'carrierGradeNat'],
  ['::ffff:198.18.0.1', '198.18.0.1', 'reserved']
]

const GLOBAL_UNICAST = ['8.8.8.8', '1.1.1.1', '9.9.9.9', '11.0.0.1', '172.32.0.1', '100.128.0.1', '198.20.0.1',
  '223.255.255.254', '2606:4700::1', '2001:4860:4860::8888', '2a00:1450::1', '::ffff:8.8.8.8',
  // 2000::/3 from edge to edge, and the registry's globally reachable entries inside refused 2001::/23.
  '2000::', '3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '2001:200::1', '2001:1::1', '2001:3::1', '2001:4:112::1',
  // Translated forms of a global IPv4 address: NAT64's well-known prefix is globally reachable, 6to4 is in 2000::/3.
  '64:ff9b::808:808', '64:ff9b::8.8.8.8', '2002:808:808::1',
  // AS112 and AMT (IANA: globally reachable).
  '192.175.48.1', '192.31.196.1', '192.52.193.1']

function assertRefused (policy: TargetPolicy, address: string, reason: string): void {
  assert.deepEqual(policy.check(address), { allowed: false, reason })
}

describe('node/policy: TargetPolicy', function () {
  describe('the default policy refuses every special-purpose range', function () {
    const policy = new TargetPolicy()
    for (const [what, address, range] of REFUSED_BY_DEFAULT) {
      it(`${what}: ${address}`, function () {
        const shown = address.replace(/%.*$/, '%eth0')
        assertRefused(policy, address, `target policy refused ${shown}: ${range} range`)
      })
    }
    for (const [address, ipv4, range] of MAPPED) {
      it(`IPv4-mapped ${address} is judged as ${ipv4}`, function () {
        assertRefused(policy, address, `target policy refused ${ipv4}: ${range} range`)
      })
    }
    for (const [address, form, ipv4] of EMBEDDED) {
      it(`${form} ${address} carrying ${ipv4}`, function () {
        assertRefused(policy, address, `target policy refused ${address}: ${form} form of ${ipv4}, a refused address`)
      })
    }
    for (const [address, probed] of DOTTED_TAIL) {
      it(`${address} is judged as the IPv4-compatible ${probed} that is probed`, function () {
        assertRefused(policy, address, `target policy refused ${probed}: ipv4Compatible range`)
      })
    }
    it('anything that is not an IP address (a name must be resolved first)', function () {
      for (const junk of ['', 'example.org', '10.0.0.256', '::g', '10.0.0.0/8', ' 8.8.8.8']) {
        assertRefused(policy, junk, `target policy refused ${junk}: not an IP address`)
      }
    })
  })

  describe('the default policy allows global unicast', function () {
    const policy = new TargetPolicy()
    for (const address of GLOBAL_UNICAST) {
      it(address, function () {
        assert.deepEqual(policy.check(address), { allowed: true })
      })
    }
  })

  describe('--allow-target and --deny-target', function () {
    it('--allow-target opens exactly its range, IPv4 and IPv6, and nothing next to it', function () {
      // Parts of refused ranges, so that the rest of each range shows the edge.
      const policy = new TargetPolicy({ allow: ['198.18.0.0/16', '2001:db8:1::/48', '10.1.2.3'] })
      for (const address of ['198.18.0.0', '198.18.7.2', '198.18.255.255', '2001:db8:1::1', '2001:db8:1:ffff::2', '10.1.2.3', '::ffff:198.18.0.1']) {
        assert.deepEqual(policy.check(address), { allowed: true }, address)
      }
      assertRefused(policy, '198.19.0.0', 'target policy refused 198.19.0.0: reserved range')
      assertRefused(policy, '198.51.100.1', 'target policy refused 198.51.100.1: reserved range')
      assertRefused(policy, '2001:db8:2::1', 'target policy refused 2001:db8:2::1: reserved range')
      assertRefused(policy, '10.1.2.4', 'target policy refused 10.1.2.4: private range')
      assertRefused(policy, '127.0.0.1', 'target policy refused 127.0.0.1: loopback range')
    })

    it('an IPv4-mapped --allow-target opens its IPv4 range (prefix counted from ::ffff:0:0/96)', function () {
      const policy = new TargetPolicy({ allow: ['::ffff:198.18.0.0/112'] })
      assert.deepEqual(policy.check('198.18.1.1'), { allowed: true })
      assert.deepEqual(policy.check('::ffff:198.18.255.1'), { allowed: true })
      assertRefused(policy, '198.19.0.1', 'target policy refused 198.19.0.1: reserved range')
    })

    it('--deny-target refuses inside an allowed range and inside global unicast', function () {
      const policy = new TargetPolicy({ allow: ['198.18.0.0/15'], deny: ['198.18.5.0/24', '8.8.8.8', '2606:4700::/32'] })
      assert.deepEqual(policy.check('198.18.4.255'), { allowed: true })
      assert.deepEqual(policy.check('198.18.6.0'), { allowed: true })
      const denied = (address: string): string => `target policy refused ${address}: denied by this peer's operator`
      for (const address of ['198.18.5.0', '198.18.5.77', '198.18.5.255', '8.8.8.8', '2606:4700::1', '2606:4700:ffff::1']) {
        assertRefused(policy, address, denied(address))
      }
      assertRefused(policy, '::ffff:8.8.8.8', denied('8.8.8.8'))
      assert.deepEqual(policy.check('8.8.4.4'), { allowed: true })
    })

    it('--deny-target of an IPv4 range also denies its NAT64 and 6to4 forms', function () {
      const policy = new TargetPolicy({ deny: ['8.8.8.0/24'] })
      const denied = (address: string): string => `target policy refused ${address}: denied by this peer's operator`
      assertRefused(policy, '64:ff9b::808:808', denied('64:ff9b::808:808'))
      assertRefused(policy, '2002:808:801::1', denied('2002:808:801::1'))
      assert.deepEqual(policy.check('64:ff9b::909:909'), { allowed: true })
    })

    it('--allow-target of an IPv4 range does not open its translated forms (only the lab ranges as written)', function () {
      const policy = new TargetPolicy({ allow: ['198.18.0.0/15', '2001:db8::/32'] })
      assert.deepEqual(policy.check('198.18.0.1'), { allowed: true })
      assert.deepEqual(policy.check('2001:db8::1'), { allowed: true })
      assertRefused(policy, '64:ff9b::c612:1', 'target policy refused 64:ff9b::c612:1: NAT64 form of 198.18.0.1, a refused address')
      assertRefused(policy, '::c612:1', 'target policy refused ::c612:1: ipv4Compatible range')
    })

    it('--deny-target wins over the same --allow-target, and over a wider one', function () {
      const same = new TargetPolicy({ allow: ['198.18.0.0/15'], deny: ['198.18.0.0/15'] })
      assertRefused(same, '198.18.0.1', "target policy refused 198.18.0.1: denied by this peer's operator")
      const wider = new TargetPolicy({ allow: ['198.18.0.0/15'], deny: ['198.0.0.0/8'] })
      assertRefused(wider, '198.19.0.1', "target policy refused 198.19.0.1: denied by this peer's operator")
    })

    it('an IPv4-mapped --deny-target denies its whole IPv4 range', function () {
      const policy = new TargetPolicy({ allow: ['10.0.0.0/8'], deny: ['::ffff:10.1.0.0/112'] })
      for (const address of ['10.1.0.0', '10.1.2.3', '10.1.255.255', '::ffff:10.1.2.3']) {
        assertRefused(policy, address, `target policy refused ${address.replace('::ffff:', '')}: denied by this peer's operator`)
      }
      assert.deepEqual(policy.check('10.2.0.1'), { allowed: true })
    })

    it('an IPv6 range never matches an IPv4 address, nor the other way round', function () {
      const policy = new TargetPolicy({ allow: ['::/0'] })
      assert.deepEqual(policy.check('fe80::1'), { allowed: true })
      assertRefused(policy, '10.0.0.1', 'target policy refused 10.0.0.1: private range')
      const v4 = new TargetPolicy({ allow: ['0.0.0.0/0'] })
      assert.deepEqual(v4.check('10.0.0.1'), { allowed: true })
      assertRefused(v4, 'fc00::1', 'target policy refused fc00::1: uniqueLocal range')
    })
  })

  describe('a bad CIDR throws a usage error (code ERR_USAGE) naming it', function () {
    const BAD = [
      '', 'default', 'example.org', '10.0.0.0/33', '10.0.0.0/-1', '10.0.0.0/', '/8', '10.0.0.256/8', '10.0.0.0/8/8',
      ' 10.0.0.0/8', '10.0.0.0/8 ', '10.0.0.0/a', '2001:db8::/129', '2001:db8:::/32', 'fe80::/10%eth0',
      // ipaddr.js reads these as other addresses: '10/8' would be 0.0.0.10/8, that is 0.0.0.0/8.
      '10/8', '10.1/16', '0x0a.0.0.0/8', '012.0.0.0/8', '167772160/8',
      // A mapped range shorter than /96 is not an IPv4 range.
      '::ffff:10.0.0.0/8'
    ]
    for (const cidr of BAD) {
      it(JSON.stringify(cidr), function () {
        for (const init of [{ allow: [cidr] }, { deny: [cidr] }]) {
          assert.throws(() => new TargetPolicy(init), (err: unknown) => {
            assert.ok(err instanceof UsageError, String(err))
            assert.equal(err.code, 'ERR_USAGE')
            assert.ok(err.message.startsWith(`'${cidr}'`), err.message)
            assert.doesNotMatch(err.message, /\n/)
            return true
          })
        }
      })
    }

    it('good ones parse to what they say', function () {
      const shown = (text: string): string => parseCidr(text).map(String).join('/')
      assert.equal(shown('10.0.0.0/8'), '10.0.0.0/8')
      assert.equal(shown('10.1.2.3'), '10.1.2.3/32')
      assert.equal(shown('2001:db8::/32'), '2001:db8::/32')
      assert.equal(shown('2001:db8::1'), '2001:db8::1/128')
      assert.equal(shown('::ffff:10.1.0.0/112'), '10.1.0.0/16')
      assert.equal(shown('::ffff:10.1.2.3'), '10.1.2.3/32')
    })
  })
})
