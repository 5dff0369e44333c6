/**
 * A first look at a logged or queued payload: the source, destination and
 * transport protocol from its IPv4 or IPv6 header, for printing. Never
 * throws: anything that is not a complete IP header gives undefined.
 */
import { formatIPv4, formatIPv6 } from '../util/inet.js';

/** Addresses and protocol of an IP packet. */
export interface IpSummary {
  /** 4 or 6, from the header's version field. */
  version: 4 | 6;
  /** Source address as text. */
  src: string;
  /** Destination address as text. */
  dst: string;
  /** IPv4 protocol / IPv6 next header (1 ICMP, 6 TCP, 17 UDP, 58 ICMPv6, …); for IPv6 the first header after the fixed one. */
  protocol: number;
  /** Total length from the header (IPv4 total length; IPv6 payload length + 40). */
  length: number;
}

/** Parses the IPv4/IPv6 header at the start of `payload`; undefined when there is none. */
export function summarizeIp(payload: Uint8Array): IpSummary | undefined {
  if (payload.length < 1) return undefined;
  const version = payload[0]! >> 4;
  if (version === 4 && payload.length >= 20) {
    return {
      version: 4,
      src: formatIPv4(payload.subarray(12, 16)),
      dst: formatIPv4(payload.subarray(16, 20)),
      protocol: payload[9]!,
      length: (payload[2]! << 8) | payload[3]!,
    };
  }
  if (version === 6 && payload.length >= 40) {
    return {
      version: 6,
      src: formatIPv6(payload.subarray(8, 24)),
      dst: formatIPv6(payload.subarray(24, 40)),
      protocol: payload[6]!,
      length: ((payload[4]! << 8) | payload[5]!) + 40,
    };
  }
  return undefined;
}

/** Returns the usual name of an IP protocol number ('icmp', 'tcp', …), or its number as text. */
export function ipProtocolName(p: number): string {
  const names: Record<number, string> = { 1: 'icmp', 2: 'igmp', 6: 'tcp', 17: 'udp', 41: 'ipv6', 47: 'gre', 50: 'esp', 51: 'ah', 58: 'icmpv6', 132: 'sctp', 136: 'udplite' };
  return names[p] ?? String(p);
}
