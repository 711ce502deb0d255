// Tests for the SSRF-safe outbound client: address policy, connect-time checks against rebinding, size and time limits.
import { createServer as createHttpServer } from 'node:http';
import type { Server as HttpServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { refusalReason } from '../../channels/address-policy.ts';
import { checkTargetUrl, createOutboundClient, MAX_RESPONSE_BYTES, resolveTarget } from '../../channels/outbound.ts';
import type { Resolver } from '../../channels/outbound.ts';
import { ConfigError, NON_RETRYABLE_ERRORS, UnsafeTargetError } from '../../shared/errors.ts';

const PUBLIC = '93.184.215.14';
const servers: (Server | HttpServer)[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    if ('closeAllConnections' in server) server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A plain TCP listener on loopback that only counts connections: proof of whether anything connected. */
async function connectionCounter(): Promise<{ port: number; readonly connections: number }> {
  let connections = 0;
  const server = createTcpServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    get connections() {
      return connections;
    },
  };
}

async function httpServer(handler: Parameters<typeof createHttpServer>[1]): Promise<number> {
  const server = createHttpServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function resolvingTo(...answers: string[][]): Resolver & { calls: number } {
  const resolver = Object.assign(
    async () => {
      const answer = answers[Math.min(resolver.calls, answers.length - 1)]!;
      resolver.calls += 1;
      return answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }) as const);
    },
    { calls: 0 },
  );
  return resolver;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

const post = (url: string) => ({ url: new URL(url), headers: {}, body: '{}', timeoutMs: 5_000 });

describe('createOutboundClient', () => {
  it.each([
    ['a private 10/8 address', '10.0.0.1', /private \(10\.0\.0\.0\/8\)/],
    ['a private 172.16/12 address', '172.20.1.1', /private \(172\.16\.0\.0\/12\)/],
    ['a private 192.168/16 address', '192.168.178.1', /private \(192\.168\.0\.0\/16\)/],
    ['a carrier-grade NAT address', '100.64.0.1', /carrier-grade NAT/],
    ['loopback', '127.0.0.1', /loopback/],
    ['a link-local address', '169.254.10.10', /link-local/],
    ['the metadata address', '169.254.169.254', /cloud metadata service/],
    ['the unspecified address', '0.0.0.0', /unspecified/],
    ['the broadcast address', '255.255.255.255', /broadcast/],
    ['a multicast address', '239.1.1.1', /multicast/],
    ['a documentation address', '203.0.113.7', /documentation/],
    ['IPv6 loopback', '::1', /loopback/],
    ['IPv6 unspecified', '::', /unspecified/],
    ['an IPv6 link-local address', 'fe80::1', /link-local \(fe80::\/10\)/],
    ['an IPv6 unique-local address', 'fd00::1', /unique-local/],
    ['an IPv4-mapped loopback address', '::ffff:127.0.0.1', /IPv4-mapped loopback/],
    ['an IPv4-mapped private address', '::ffff:10.0.0.1', /IPv4-mapped private/],
    ['an IPv4-mapped metadata address in hex', '::ffff:a9fe:a9fe', /IPv4-mapped the cloud metadata service/],
    ['a NAT64 embedding of a private address', '64:ff9b::192.168.0.1', /NAT64 private/],
    ['an IPv6 multicast address', 'ff02::1', /multicast/],
  ])('refuses %s at connect time without connecting', async (_what, address, reason) => {
    const counter = await connectionCounter();
    const client = createOutboundClient({ resolver: resolvingTo([address]) });
    const error = await failure(client.request(post(`https://receiver.example:${counter.port}/hook`)));

    expect(error).toBeInstanceOf(UnsafeTargetError);
    expect(NON_RETRYABLE_ERRORS).toContain(error.name);
    expect(error.message).toMatch(reason);
    expect(error.message).toContain(`receiver.example resolves to ${address}`);
    expect(error.message).toMatch(/allowCidrs/);
    expect(counter.connections).toBe(0);
  });

  it.each([
    'https://169.254.169.254/latest/meta-data/',
    'https://[::1]/hook',
    'https://[fd00::1]/hook',
    'https://10.1.2.3/',
  ])('refuses the IP-literal URL %s', async (url) => {
    const resolver = resolvingTo([PUBLIC]);
    const error = await failure(createOutboundClient({ resolver }).request(post(url)));

    expect(error).toBeInstanceOf(UnsafeTargetError);
    expect(resolver.calls).toBe(0);
  });

  it('refuses a rebinding host whose second answer is private, although the first check passed', async () => {
    const counter = await connectionCounter();
    const resolver = resolvingTo([PUBLIC], ['127.0.0.1']);
    const url = new URL(`https://rebind.example:${counter.port}/hook`);

    await expect(resolveTarget(url, { resolver })).resolves.toEqual([PUBLIC]);
    const error = await failure(createOutboundClient({ resolver }).request({ ...post(url.href), url }));

    expect(error).toBeInstanceOf(UnsafeTargetError);
    expect(error.message).toContain('rebind.example resolves to 127.0.0.1, which is loopback');
    expect(resolver.calls).toBe(2);
    expect(counter.connections).toBe(0);
  });

  it('refuses a host when any one of its addresses is private', async () => {
    const counter = await connectionCounter();
    const client = createOutboundClient({ resolver: resolvingTo([PUBLIC, '10.9.8.7']) });
    const error = await failure(client.request(post(`https://mixed.example:${counter.port}/`)));

    expect(error.message).toContain('resolves to 10.9.8.7');
    expect(counter.connections).toBe(0);
  });

  it('connects to the very address it checked when the allow-list admits it', async () => {
    const counter = await connectionCounter();
    const client = createOutboundClient({ resolver: resolvingTo(['127.0.0.1']), allowCidrs: ['127.0.0.0/8'] });
    const error = await failure(client.request(post(`https://internal.example:${counter.port}/hook`)));

    // The counter speaks no TLS, so the handshake fails; what matters is that the checked address was the one dialled.
    expect(error).not.toBeInstanceOf(UnsafeTargetError);
    expect(counter.connections).toBe(1);
  });

  it('reaches loopback over plain http only with allowHttpLoopback', async () => {
    const port = await httpServer((_req, res) => res.end('angekommen'));
    const url = `http://localhost:${port}/hook`;

    const response = await createOutboundClient({
      allowHttpLoopback: true,
      resolver: resolvingTo(['127.0.0.1']),
    }).request(post(url));
    expect(response).toMatchObject({ status: 200, body: 'angekommen', truncated: false, remoteAddress: '127.0.0.1' });
    await expect(createOutboundClient().request(post(url))).rejects.toThrow(ConfigError);
  });

  it('returns at most 64 KiB of a large body and marks it truncated', async () => {
    const port = await httpServer((_req, res) => res.end('x'.repeat(1024 * 1024)));
    const response = await createOutboundClient({ allowHttpLoopback: true }).request(post(`http://127.0.0.1:${port}/`));

    expect(response.body.length).toBe(MAX_RESPONSE_BYTES);
    expect(response.truncated).toBe(true);
  });

  it('gives up on a body that trickles past the overall timeout', async () => {
    const port = await httpServer((_req, res) => {
      res.writeHead(200);
      const timer = setInterval(() => res.write('.'), 20);
      res.on('close', () => clearInterval(timer));
    });
    const client = createOutboundClient({ allowHttpLoopback: true });
    const error = await failure(client.request({ ...post(`http://127.0.0.1:${port}/`), timeoutMs: 300 }));

    expect(error.name).toBe('TimeoutError');
    expect(error.message).toMatch(/within 300 ms/);
  });

  it('does not follow a redirect', async () => {
    let followed = false;
    const target = await httpServer((_req, res) => {
      followed = true;
      res.end();
    });
    const port = await httpServer((_req, res) => res.writeHead(307, { location: `http://127.0.0.1:${target}/` }).end());
    const response = await createOutboundClient({ allowHttpLoopback: true }).request(post(`http://127.0.0.1:${port}/`));

    expect(response.status).toBe(307);
    expect(followed).toBe(false);
  });

  it('refuses an allow-list entry that is not a CIDR block', () => {
    expect(() => createOutboundClient({ allowCidrs: ['10.0.0.0/33'] })).toThrow(ConfigError);
    expect(() => createOutboundClient({ allowCidrs: ['intranet'] })).toThrow(/not a CIDR block/);
  });
});

describe('resolveTarget', () => {
  it('passes a host that resolves to public addresses, without connecting', async () => {
    const resolver = resolvingTo([PUBLIC, '2606:4700:4700::1111']);
    await expect(resolveTarget(new URL('https://cms.example/hook'), { resolver })).resolves.toEqual([
      PUBLIC,
      '2606:4700:4700::1111',
    ]);
  });

  it('refuses a host that resolves to the metadata address', async () => {
    const resolver = resolvingTo(['169.254.169.254']);
    await expect(resolveTarget(new URL('https://cms.example/hook'), { resolver })).rejects.toThrow(UnsafeTargetError);
  });
});

describe('refusalReason', () => {
  it.each([PUBLIC, '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::8.8.8.8', '172.32.0.1'])(
    'admits the public address %s',
    (address) => {
      expect(refusalReason(address)).toBeUndefined();
    },
  );

  it('admits loopback only when allowed, and allow-listed blocks', () => {
    expect(refusalReason('127.0.0.1', { allowLoopback: true })).toBeUndefined();
    expect(refusalReason('::1', { allowLoopback: true })).toBeUndefined();
    expect(refusalReason('10.20.0.1', { allowLoopback: true })).toMatch(/private/);
  });
});

describe('checkTargetUrl', () => {
  it.each([
    ['credentials', 'https://user:hunter2@cms.example/hook', /credentials/],
    ['plain http to a public host', 'http://cms.example/hook', /plain http/],
    ['another scheme', 'file:///etc/passwd', /only https/],
  ])('refuses %s', (_what, url, message) => {
    expect(() => checkTargetUrl(url)).toThrow(ConfigError);
    expect(() => checkTargetUrl(url)).toThrow(message);
    expect(() => checkTargetUrl(url)).not.toThrow(/hunter2/);
  });
});
