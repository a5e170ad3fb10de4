// Node's own address parser is the oracle the pure parser is checked against (tests only).
// eslint-disable-next-line no-restricted-imports
import { isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { networkKey, parseIPv6, parseTrustProxy } from './network.js';

describe('EKHTYAR_TRUST_PROXY', () => {
  it.each([
    ['false', false],
    ['', false],
    ['0', false],
    ['true', true],
    ['1', 1],
    ['2', 2],
    ['10.0.0.0/8, 192.168.1.7', ['10.0.0.0/8', '192.168.1.7']],
    ['loopback,fd00::/8', ['loopback', 'fd00::/8']],
  ])('reads %j', (text, trust) => {
    expect(parseTrustProxy(text)).toEqual({ trust });
  });

  it.each(['maybe', '10.0.0.0/33', '300.1.1.1', '10.0.0.1/8/2', 'fd00::/129', '10.0.0.0/8,,', '17'])('names what is wrong with %j', (text) => {
    expect(parseTrustProxy(text)).toHaveProperty('error');
  });

  it('accepts any list of real addresses and ranges, and never throws on junk', () => {
    const entry = fc.oneof(
      fc.ipV4(),
      fc.ipV6(),
      fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })).map(([ip, n]) => `${ip}/${n}`),
      fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 128 })).map(([ip, n]) => `${ip}/${n}`),
    );
    fc.assert(fc.property(fc.array(entry, { minLength: 1, maxLength: 5 }), (entries) => {
      expect(parseTrustProxy(entries.join(', '))).toEqual({ trust: entries.map((e) => e.toLowerCase()) });
    }));
    fc.assert(fc.property(fc.string({ maxLength: 60 }), (text) => {
      const parsed = parseTrustProxy(text);
      expect('trust' in parsed || 'error' in parsed).toBe(true);
    }));
  });
});

describe('network keys', () => {
  it('counts IPv4 by address, IPv4-mapped IPv6 as the IPv4 address, IPv6 by /64', () => {
    expect(networkKey('203.0.113.9')).toBe('v4:203.0.113.9');
    expect(networkKey('::ffff:203.0.113.9')).toBe('v4:203.0.113.9');
    expect(networkKey('::ffff:cb00:7109')).toBe('v4:203.0.113.9');
    expect(networkKey('2001:db8:1:2:aaaa::1')).toBe(networkKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff'));
    expect(networkKey('2001:db8:1:2::1')).not.toBe(networkKey('2001:db8:1:3::1'));
    expect(networkKey('fe80::1%eth0')).toBe(networkKey('fe80::2'));
  });

  it('reads every IPv6 address Node reads, in any of its written forms, to the same eight groups', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 }), fc.nat(7), fc.nat(8), fc.boolean(), (groups, from, length, upper) => {
        const full = groups.map((g) => g.toString(16));
        // Write it with a run of groups (zeroed) compressed to "::", as RFC 5952 and others do.
        const end = Math.min(8, from + length);
        const zeroed = groups.map((g, i) => (i >= from && i < end ? 0 : g));
        const text = end > from ? `${full.slice(0, from).join(':')}::${full.slice(end).join(':')}` : full.join(':');
        const written = upper ? text.toUpperCase() : text;
        expect(isIP(written)).toBe(6);
        expect(parseIPv6(written.toLowerCase())).toEqual(end > from ? zeroed : groups);
        expect(networkKey(written)).toBe(networkKey(zeroed.map((g) => g.toString(16)).join(':')));
      }),
    );
  });

  it('gives one key for one address, whatever form it comes in, and never throws', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        expect(networkKey(`::ffff:${ip}`)).toBe(networkKey(ip));
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 50 }), (text) => {
        const key = networkKey(text);
        expect(key).toMatch(/^(v4|v6|raw):/);
        if (parseIPv6(text.trim().toLowerCase()) !== null) expect(isIP(text.trim())).toBe(6);
      }),
    );
  });
});
