/**
 * errno numbers and names, taken from Node's own table (os.constants.errno),
 * which is generated from the C library's <errno.h>.
 */
import { constants } from 'node:os';

// Linux's own name wins where two names share a number.
const PREFERRED = new Set(['EOPNOTSUPP', 'EAGAIN', 'EDEADLK']);
const byNumber = new Map<number, string>();
for (const [name, num] of Object.entries(constants.errno)) {
  if (!byNumber.has(num) || PREFERRED.has(name)) byNumber.set(num, name);
}

/** Returns the name of a positive errno value ('ENODEV'), or 'E<n>' if unknown. */
export function errnoName(errno: number): string {
  return byNumber.get(errno) ?? `E${errno}`;
}

/** Returns the positive errno value for a name ('ENODEV' → 19), or undefined. */
export function errnoNumber(name: string): number | undefined {
  return (constants.errno as Record<string, number>)[name];
}

const descriptions: Record<string, string> = {
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or directory',
  ESRCH: 'no such process',
  EINTR: 'interrupted',
  EIO: 'input/output error',
  ENXIO: 'no such device or address',
  E2BIG: 'argument list too long',
  EBADF: 'bad file descriptor',
  EAGAIN: 'resource temporarily unavailable',
  ENOMEM: 'cannot allocate memory',
  EACCES: 'permission denied',
  EFAULT: 'bad address',
  EBUSY: 'device or resource busy',
  EEXIST: 'file exists',
  ENODEV: 'no such device',
  ENOTDIR: 'not a directory',
  EINVAL: 'invalid argument',
  ENFILE: 'too many open files in system',
  EMFILE: 'too many open files',
  ENOSPC: 'no space left on device',
  ERANGE: 'numerical result out of range',
  EDOM: 'numerical argument out of domain',
  ENOSYS: 'function not implemented',
  ENOTEMPTY: 'directory not empty',
  ENODATA: 'no data available',
  ENOMSG: 'no message of desired type',
  EPROTO: 'protocol error',
  EBADMSG: 'bad message',
  EOVERFLOW: 'value too large for defined data type',
  EMSGSIZE: 'message too long',
  EPROTONOSUPPORT: 'protocol not supported',
  EOPNOTSUPP: 'operation not supported',
  EAFNOSUPPORT: 'address family not supported by protocol',
  EADDRINUSE: 'address already in use',
  EADDRNOTAVAIL: 'cannot assign requested address',
  ENETDOWN: 'network is down',
  ENETUNREACH: 'network is unreachable',
  ENOBUFS: 'no buffer space available',
  ECONNREFUSED: 'connection refused',
  EHOSTUNREACH: 'no route to host',
  ETIMEDOUT: 'timed out',
  ENOTSUP: 'operation not supported',
  ENOTCONN: 'not connected',
  ECONNRESET: 'connection reset',
  EALREADY: 'operation already in progress',
  EINPROGRESS: 'operation in progress',
  ENOLINK: 'link has been severed',
};

/** Returns a short lower-case description of an errno ('no such device'). */
export function errnoDescription(errno: number): string {
  return descriptions[errnoName(errno)] || `error ${errno}`;
}
