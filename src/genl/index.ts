/**
 * nlkit/genl: generic netlink — the controller (family and multicast group
 * resolution, policy dumps) and GenlClient for one family.
 */
export { GENL_HDRLEN, GENL_ID_CTRL, genlPayload, parseGenl } from './header.js';
export type { GenlMessage } from './header.js';
export { Controller, CtrlAttr, CtrlCmd, GenlOpFlags, PolicyAttrTypeNames, decodeFamily } from './controller.js';
export type { GenlFamily, GenlGroup, GenlOperation, GenlPolicy, PolicyEntry } from './controller.js';
export { GenlClient } from './client.js';
export type { GenlOpenOptions, GenlNotification, GenlRequestOptions } from './client.js';
export { SpecClient, RequestFlagNames } from './spec-client.js';
export type { SpecClientOptions, SpecRequestOptions, SpecNotification } from './spec-client.js';
