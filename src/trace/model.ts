/**
 * The shape of a described message: plain, JSON-safe objects (no bigints,
 * no typed arrays) so the same value can be printed as text or as JSON.
 */

/** One named field of a fixed header (ifinfomsg, genlmsghdr, …). */
export interface DescribedField {
  /** C field name without the struct prefix ('family', 'index'). */
  name: string;
  /** The raw value as read. */
  value: number;
  /** A symbolic rendering when one is known ('AF_INET', 'UP|LOWER_UP'). */
  display?: string;
}

/** A fixed header after the netlink header, decoded field by field. */
export interface DescribedHeader {
  /** The C struct name ('ifinfomsg'). */
  struct: string;
  fields: DescribedField[];
}

/** One attribute, possibly nested. */
export interface DescribedAttr {
  /** Attribute type without the NLA_F_* bits. */
  type: number;
  /** Kernel name ('IFLA_IFNAME'), or undefined when unknown. */
  name?: string;
  /** Payload length in bytes. */
  length: number;
  /** Decoded value: numbers stay numbers while safe, 64-bit values beyond that are decimal strings. */
  value?: string | number | boolean;
  /** A symbolic rendering of `value` when one is known. */
  display?: string;
  /** Children of a nested attribute. */
  items?: DescribedAttr[];
  /** Raw payload in hex, for anything unknown or not decodable as its declared type. */
  hex?: string;
  /** Why the payload is shown raw (wrong size, malformed nest, …). */
  note?: string;
}

/** What an NLMSG_ERROR or an NLMSG_DONE with an error says. */
export interface DescribedError {
  /** Positive errno; 0 for an acknowledgement. */
  errno: number;
  /** errno name ('ENODEV'), or 'OK' for an acknowledgement. */
  code: string;
  /** Short description ('no such device'). */
  description: string;
  /** Extended-ack attributes. */
  extAck?: {
    message?: string;
    offset?: number;
    missingType?: number;
    missingNest?: number;
    cookieHex?: string;
    policyHex?: string;
  };
  /** The header of the request being answered (NLMSG_ERROR only). */
  request?: { type: number; typeName: string; flags: string; seq: number; portId: number; length: number };
}

/** One netlink message, described. */
export interface DescribedMessage {
  /** 'send' (to the kernel) or 'recv', when known. */
  direction?: 'send' | 'recv';
  /** Protocol name ('NETLINK_ROUTE'). */
  protocol: string;
  /** Protocol number. */
  protocolNumber: number;
  /** The family that described the message ('rtnetlink', 'nlctrl', 'ethtool'), if any. */
  family?: string;
  /** Message type by name ('RTM_NEWLINK', 'ethtool LINKINFO_GET'), or its number. */
  type: string;
  /** nlmsg_type. */
  typeNumber: number;
  /** Flag names ('REQUEST|ACK'). */
  flags: string;
  /** nlmsg_flags. */
  flagsNumber: number;
  /** nlmsg_seq. */
  seq: number;
  /** nlmsg_pid. */
  portId: number;
  /** nlmsg_len. */
  length: number;
  /** Multicast group the message arrived on, when known. */
  group?: number;
  /** The fixed header after nlmsghdr. */
  header?: DescribedHeader;
  /** The attribute tree. */
  attrs?: DescribedAttr[];
  /** For NLMSG_ERROR and NLMSG_DONE. */
  error?: DescribedError;
  /** Payload bytes no describer understood, in hex. */
  payloadHex?: string;
  /** Problems met while describing (truncated header, malformed attributes, …). */
  problems?: string[];
}
