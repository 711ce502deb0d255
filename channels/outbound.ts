// SSRF-safe outbound HTTP for channels: https only, public addresses only (checked on the address actually connected),
// no redirects, bounded time and response size.
import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders, RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction, Socket } from 'node:net';
import { ConfigError, UnsafeTargetError } from '../shared/errors.ts';
import { parseCidr, parseIp, refusalReason } from './address-policy.ts';
import type { Cidr } from './address-policy.ts';

/** Enough for an error excerpt; a receiver cannot make us buffer more than this. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

/** One address a host name resolves to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to all its addresses; injectable so tests can play a rebinding DNS server. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** Where outbound calls may go. */
export interface OutboundPolicy {
  /** Permits `http://` to loopback hosts, and loopback addresses at all: local development and tests only. */
  allowHttpLoopback?: boolean;
  /** CIDR blocks (`10.20.0.0/16`, `fd12::/48`) admitted although not public: an agency's internal receivers. */
  allowCidrs?: string[];
  /** Defaults to the operating system's resolver (`getaddrinfo`, so `/etc/hosts` applies). */
  resolver?: Resolver;
}

/** One request. The body is sent as given; nothing is retried or redirected. */
export interface OutboundRequest {
  url: URL;
  method?: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** Covers connecting, sending and reading the whole (capped) response. */
  timeoutMs: number;
}

/** The answer, whatever its status. */
export interface OutboundResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** At most {@link MAX_RESPONSE_BYTES} of the body, decoded as UTF-8. */
  body: string;
  truncated: boolean;
  /** The address the request was actually sent to. */
  remoteAddress: string;
}

/** Sends requests under one {@link OutboundPolicy}. */
export interface OutboundClient {
  /**
   * @throws ConfigError for a URL {@link checkTargetUrl} refuses; UnsafeTargetError when the target resolves to (or is) an address the policy refuses; a `DOMException`
   *   named `TimeoutError` when `timeoutMs` passes; the socket's error (with its `code`) when the network fails.
   */
  request(request: OutboundRequest): Promise<OutboundResponse>;
}

/** The operating system's resolver, every address, in the order it gives them. */
export const systemResolver: Resolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, order: 'verbatim' })).map(({ address, family }) => ({
    address,
    family: family === 6 ? 6 : 4,
  }));

/**
 * Checks a channel URL's shape: absolute, https (or http to a loopback host with `allowHttpLoopback`), no credentials.
 *
 * @throws ConfigError saying what to change; the message never repeats credentials or the query string.
 */
export function checkTargetUrl(raw: string, options: { allowHttpLoopback?: boolean; label?: string } = {}): URL {
  const label = options.label ?? 'Channel URL';
  let url: URL;
  try {
    url = new URL(raw);
  } catch (error) {
    throw new ConfigError(`${label} is not an absolute URL; expected https://host/path.`, { cause: error });
  }
  if (url.username || url.password) {
    throw new ConfigError(
      `${label} for ${url.host} carries credentials (user:pass@); remove them: deliveries are authenticated by their signature.`,
    );
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol !== 'http:')
    throw new ConfigError(`${label} for ${url.host} uses ${url.protocol}; only https: is supported.`);
  if (!isLoopbackName(url.hostname)) {
    throw new ConfigError(
      `${label} ${url.origin} uses plain http; use https (http is allowed only to loopback hosts).`,
    );
  }
  if (!options.allowHttpLoopback) {
    throw new ConfigError(
      `${label} ${url.origin} uses plain http; loopback http needs allowHttpLoopback (local use only).`,
    );
  }
  return url;
}

/**
 * Resolves a target now and checks every address, for `channels add` and `channels test` to fail early. Deliveries do
 * not rely on it: {@link OutboundClient.request} checks again at connect time, because DNS answers can change.
 *
 * @returns the addresses the host resolves to.
 * @throws UnsafeTargetError when one of them is refused.
 */
export async function resolveTarget(url: URL, policy: OutboundPolicy = {}): Promise<string[]> {
  const checker = addressChecker(url, policy);
  const host = bareHost(url);
  if (parseIp(host)) return [checker(host)];
  return (await (policy.resolver ?? systemResolver)(host)).map(({ address }) => checker(address));
}

/** Creates a client that enforces `policy` on every connection it opens. */
export function createOutboundClient(policy: OutboundPolicy = {}): OutboundClient {
  const resolver = policy.resolver ?? systemResolver;
  parseAllowList(policy.allowCidrs);

  return {
    async request(request) {
      // The shape is checked here too, so a caller that skipped checkTargetUrl cannot send plain http or credentials.
      const url = checkTargetUrl(request.url.href, { allowHttpLoopback: policy.allowHttpLoopback });
      const check = addressChecker(url, policy);
      const host = bareHost(url);
      // Node connects to IP literals without calling `lookup`, so they are checked here.
      if (parseIp(host)) check(host);
      const lookup: LookupFunction = (hostname, options, callback) => {
        resolver(hostname)
          .then((found) => {
            const wanted = found.filter(({ family }) => !options.family || options.family === family);
            if (wanted.length === 0)
              throw Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' });
            // Every address is checked, not only the first: the socket may fall back to any of them.
            for (const { address } of wanted) check(address);
            if (options.all) callback(null, wanted);
            else callback(null, wanted[0]!.address, wanted[0]!.family);
          })
          .catch((error: NodeJS.ErrnoException) => callback(error, '', 0));
      };
      return await send({ ...request, url }, host, lookup, check);
    },
  };
}

function send(
  request: OutboundRequest,
  host: string,
  lookup: LookupFunction,
  check: (address: string) => string,
): Promise<OutboundResponse> {
  const { url } = request;
  const options: RequestOptions = {
    method: request.method ?? 'POST',
    hostname: host,
    port: url.port || undefined,
    path: url.pathname + url.search,
    headers: request.headers,
    lookup,
    // A fresh connection per request: a pooled socket would skip the connect-time address check.
    agent: false,
  };
  return new Promise<OutboundResponse>((resolve, reject) => {
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(options);
    const timer = setTimeout(() => {
      req.destroy(new DOMException(`no complete answer within ${request.timeoutMs} ms`, 'TimeoutError'));
    }, request.timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(error);
    };
    req.on('error', fail);
    req.on('socket', (socket: Socket) => {
      socket.once('connect', () => {
        // Belt and braces: whatever path led here, the peer must be an address the policy admits.
        // An undefined address means the peer already hung up, so nothing can be sent anyway.
        try {
          if (socket.remoteAddress !== undefined) check(socket.remoteAddress);
        } catch (error) {
          req.destroy(error as Error);
        }
      });
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = (truncated: boolean) => {
        clearTimeout(timer);
        const body = Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES).toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body,
          truncated,
          remoteAddress: res.socket?.remoteAddress ?? '',
        });
      };
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= MAX_RESPONSE_BYTES) {
          finish(true);
          res.destroy();
        }
      });
      res.on('end', () => finish(false));
      res.on('error', fail);
    });
    req.end(request.body);
  });
}

function addressChecker(url: URL, policy: OutboundPolicy): (address: string) => string {
  const allow = parseAllowList(policy.allowCidrs);
  return (address) => {
    const reason = refusalReason(address, { allowLoopback: policy.allowHttpLoopback ?? false, allow });
    if (reason === undefined) return address;
    throw new UnsafeTargetError(
      `Channel target ${url.hostname} resolves to ${address}, which is ${reason}; klartext connects only to public ` +
        `addresses. For an internal receiver, add its block to the channel's allowCidrs.`,
    );
  };
}

function parseAllowList(blocks: string[] | undefined): Cidr[] {
  return (blocks ?? []).map(parseCidr);
}

function bareHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

function isLoopbackName(hostname: string): boolean {
  // The URL parser has already normalised IPv4 forms such as 127.1 or 0x7f.0.0.1 to dotted decimal.
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}
