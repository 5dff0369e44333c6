/**
 * nlkit/trace: see the bytes. Describe netlink messages as text or JSON,
 * trace a Conn (ConnOptions.trace, or NLDEBUG), and decode captures.
 */
export { describe, describeMessage, nameMessage } from './describe.js';
export type { DescribeOptions } from './describe.js';
export { formatText, headerLine } from './format-text.js';
export type { TextLevel } from './format-text.js';
export type { DescribedAttr, DescribedError, DescribedField, DescribedHeader, DescribedMessage } from './model.js';
export { DescriberRegistry } from './describer.js';
export type { DescribeContext, FamilyDescriber, FamilyDescription, FlagKind, GenlFamilyDescriber } from './describer.js';
export { defaultRegistry } from './registry.js';
export { bitNames, seqNames, seqTable } from './attr-table.js';
export type { AttrDef, AttrKind, AttrTable } from './attr-table.js';
export { decodeAttrs } from './decode-attrs.js';
export { decodeStruct, structSize } from './struct.js';
export type { StructDef, StructField } from './struct.js';
export { rtnetlinkDescriber, describeRtnetlink } from './families/rtnetlink.js';
export { genetlinkDescriber, describeGenl } from './families/genetlink.js';
export { nlctrlDescriber } from './families/nlctrl.js';
export { ethtoolDescriber } from './families/ethtool.js';
export { netfilterDescriber } from './families/netfilter.js';
export { createTracer, typeMatches } from './tracer.js';
export type { TracerOptions } from './tracer.js';
export { traceFromEnv, parseNldebug, protocolNumber } from './env.js';
export type { NldebugConfig } from './env.js';
export { parseInput, detectFormat, parseHex, parseDump, parseStrace, unescapeStrace } from './decode-input.js';
export type { InputFormat, ParsedInput } from './decode-input.js';
export type { InputRecord } from './input-record.js';
export { readPcap, readPcapng, isPcap, isPcapng, LINKTYPE_NETLINK } from './pcap-read.js';
export { writePcap } from './pcap-write.js';
export type { PcapPacket } from './pcap-write.js';
export { splitMessages } from './split.js';
export { runDecode, DECODE_USAGE } from './cli-decode.js';
export type { DecodeIO } from './cli-decode.js';
export { toHex, fromHex, formatIp, formatMac } from './hex.js';
export { addSpecFamily, attrTableFromSpec, specGenlDescriber, specRawDescriber, structFromSpec } from './spec-adapter.js';
