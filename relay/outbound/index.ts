export { DestinationConfigError, DestinationPolicy, nonPublicRange, parseAddress, type DestinationOptions } from './address-policy';
export { DestinationNotAllowedError, guardedDispatcher, type OutboundOptions, type Resolve } from './guarded-dispatcher';
export { guardedTransport } from './http-transport';
export { listeningSockets } from './own-addresses';
