/**
 * nlkit/testing: a fake kernel for unit tests of code built on nlkit,
 * reply builders, and record/replay of real sessions.
 */
export { FakeKernel } from './fake-kernel.js';
export type { FakeHandler, FakeKernelOptions, FakeRequest, FakeSocketInfo, HandlerResult } from './fake-kernel.js';
export { ack, datagram, done, error, multipart, notification, payload, readBreak, reply, socketError } from './replies.js';
export type { Datagram, DoneOptions, ErrorOptions, ExtAckInit, FakeReply, MultipartOptions, ReadBreak, ReplyTarget, SocketError } from './replies.js';
export { Recorder } from './recorder.js';
export { fixtureMessage, loadFixture, messageOf, parseFixture, saveFixture } from './fixture.js';
export type { Fixture, FixtureMessage } from './fixture.js';
export { ReplayKernel, ReplayMismatchError, replay } from './replay.js';
export { writePcap } from '../trace/pcap-write.js';
export type { PcapPacket } from '../trace/pcap-write.js';
export { specDump, specPayload, specReply } from './spec-replies.js';
