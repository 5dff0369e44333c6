// Two namespaces joined by a veth pair, with conntrack active in the first,
// and real traffic between them (ICMP with ping, TCP with python3 sockets).
import { execFile, spawn } from 'node:child_process';
import { createNetns, deleteNetns, ipn, sh, type TestNetns } from '../helpers/netns.js';

/** Namespaces A (10.77.0.1) and B (10.77.0.2) joined by veth vA/vB. */
export interface VethPair {
  a: TestNetns;
  b: TestNetns;
  /** Deletes both namespaces (the veth pair goes with them). */
  remove(): void;
}

/** Creates A and B with a veth pair; removes whatever was created if a step fails. */
export function createVethPair(prefix: string): VethPair {
  const a = createNetns(`${prefix}a`);
  let b: TestNetns | undefined;
  const remove = () => { deleteNetns(a); if (b) deleteNetns(b); };
  try {
    b = createNetns(`${prefix}b`);
    ipn(a.name, 'link', 'add', 'vA', 'type', 'veth', 'peer', 'name', 'vB', 'netns', b.name);
    ipn(a.name, 'addr', 'add', '10.77.0.1/24', 'dev', 'vA');
    ipn(b.name, 'addr', 'add', '10.77.0.2/24', 'dev', 'vB');
    ipn(a.name, 'link', 'set', 'vA', 'up');
    ipn(b.name, 'link', 'set', 'vB', 'up');
    return { a, b, remove };
  } catch (e) {
    remove();
    throw e;
  }
}

/**
 * Makes conntrack track the namespace's traffic (a stateful nft rule) and
 * turns on accounting and timestamps (net.netfilter.nf_conntrack_acct /
 * _timestamp, per namespace).
 */
export function enableConntrack(ns: string): void {
  sh('ip', ['netns', 'exec', ns, 'nft', '-f', '-'], 'table inet track {\n chain out {\n  type filter hook output priority 0;\n  ct state established,related accept\n }\n}\n');
  sh('ip', ['netns', 'exec', ns, 'sysctl', '-qw', 'net.netfilter.nf_conntrack_acct=1', 'net.netfilter.nf_conntrack_timestamp=1']);
}

/** Runs a command asynchronously (the test's event loop keeps running); resolves with stdout, rejects on failure. */
export function run(cmd: string, args: string[], timeoutMs = 15000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { encoding: 'utf8', timeout: timeoutMs }, (err, stdout, stderr) => {
      if (err) reject(Object.assign(err, { message: `${err.message}\n${stderr}` }));
      else resolve(stdout);
    });
  });
}

const SERVER = `
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('10.77.0.2', int(sys.argv[1])))
s.listen(1)
print('ready', flush=True)
c, _ = s.accept()
c.sendall(c.recv(100))
c.close()
`;

const CLIENT = `
import socket, sys, time
for i in range(50):
    try:
        s = socket.create_connection(('10.77.0.2', int(sys.argv[1])), timeout=5)
        break
    except OSError:
        time.sleep(0.1)
s.sendall(b'hello conntrack')
print(s.recv(100).decode())
s.close()
`;

/** One TCP connection from A to B:port carrying an echoed message; resolves with what the client received. */
export async function tcpExchange(pair: VethPair, port: number): Promise<string> {
  const server = spawn('ip', ['netns', 'exec', pair.b.name, 'python3', '-c', SERVER, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    await new Promise<void>((resolve, reject) => {
      server.stdout.once('data', () => resolve());
      server.once('exit', (code) => reject(new Error(`TCP server exited with ${code}`)));
    });
    return (await run('ip', ['netns', 'exec', pair.a.name, 'python3', '-c', CLIENT, String(port)])).trim();
  } finally {
    server.kill();
  }
}
