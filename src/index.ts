/**
 * nlkit: netlink for Node.js. The core layer: sockets (Conn), messages,
 * attributes, errors and constants.
 */
export { Conn, isOverrun } from './core/conn.js';
export type { ConnOptions, RequestOptions, DumpOptions, OutgoingMessage, Overrun, TraceHook } from './core/conn.js';
export { encodeMessage, encodeMessages, decodeMessages, forEachMessage, writeHeader } from './core/message.js';
export type { Message, Header } from './core/message.js';
export { AttrEncoder, AttrDecoder, attributes, decodeString } from './core/attributes.js';
export type { Attribute, U64, NestToken } from './core/attributes.js';
export {
  Protocol, Flags, MessageType, SocketOption, AttrFlags, ExtAckAttr, SOL_NETLINK, NLMSG_HDRLEN, NLA_HDRLEN,
  align4, flagNames, messageTypeName, protocolName,
} from './core/constants.js';
export {
  NetlinkError, DumpInterruptedError, MalformedError, SocketClosedError, TimeoutError, AbortError,
} from './core/errors.js';
export type { ExtendedAck, ErrorContext, SystemError } from './core/errors.js';
export { parseError, parseDone, parseExtAck } from './core/ack.js';
export type { AckInfo } from './core/ack.js';
export { errnoName, errnoNumber } from './core/errno.js';
export { BPF, encodeFilter, bpfStmt, bpfJump } from './core/bpf.js';
export type { BPFInstruction } from './core/bpf.js';
export type { NativeBinding, NativeHandle, NativeDataCallback } from './native/binding.js';
