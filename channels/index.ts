// One entry point from a stored channel configuration to its adapter, for the delivery activity and the CLI.
import { isAbsolute } from 'node:path';
import { ConfigError } from '../shared/errors.ts';
import type { ChannelAdapter } from './channel.ts';
import { createFeedChannel } from './feed.ts';
import type { FeedStore } from './feed.ts';
import { createFolderChannel } from './folder.ts';
import type { FolderFileOps } from './folder.ts';
import type { Resolver } from './outbound.ts';
import { createWebhookChannel } from './webhook.ts';

/** The channel kinds klartext delivers to. */
export const CHANNEL_KINDS = ['webhook', 'folder', 'feed'] as const;

/** One of {@link CHANNEL_KINDS}. */
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** A channel as configured (stored in the database, secrets decrypted by the caller). */
export interface ChannelConfig {
  kind: ChannelKind;
  /** webhook: the https URL; folder: an absolute directory; feed: ignored (the feed is served by the API). */
  target: string;
  /** webhook only: `whsec_…` (v1, HMAC) or `whsk_…` (v1a, Ed25519). */
  secret?: string;
  /** webhook only: CIDR blocks admitted although not public (internal receivers). */
  allowCidrs?: string[];
}

/** What the caller supplies besides the configuration. */
export interface ChannelAdapterOptions {
  /** feed: the channel's id, the key its entries are stored under. */
  channelId?: string;
  /** feed: where entries are appended. */
  feedStore?: FeedStore;
  /** webhook: permits http and addresses on loopback (local demo and tests only). */
  allowHttpLoopback?: boolean;
  /** webhook: DNS resolver override (tests). */
  resolver?: Resolver;
  /** webhook: whole-attempt timeout, 15 s by default. */
  timeoutMs?: number;
  /** folder: file operation override (tests). */
  folderFileOps?: FolderFileOps;
  /** folder: the roots the directory must stay inside, checked again before every delivery (links can change). */
  folderRoots?: readonly string[];
}

/**
 * Builds the adapter for one channel.
 *
 * @throws ConfigError when the kind is unknown or the configuration is incomplete or unsafe (the message names the
 *   field; it never repeats a secret).
 */
export function createChannelAdapter(config: ChannelConfig, options: ChannelAdapterOptions = {}): ChannelAdapter {
  switch (config.kind) {
    case 'webhook':
      if (!config.secret) {
        throw new ConfigError(
          'Webhook channel has no secret; generate one (whsec_… or a whsk_/whpk_ pair) and store it.',
        );
      }
      return createWebhookChannel({
        url: config.target,
        secret: config.secret,
        allowCidrs: config.allowCidrs,
        allowHttpLoopback: options.allowHttpLoopback,
        resolver: options.resolver,
        timeoutMs: options.timeoutMs,
      });
    case 'folder':
      if (!isAbsolute(config.target)) {
        throw new ConfigError(
          `Folder channel target ${JSON.stringify(config.target)} must be an absolute directory path.`,
        );
      }
      return createFolderChannel({ dir: config.target, fileOps: options.folderFileOps, roots: options.folderRoots });
    case 'feed':
      if (!options.channelId || !options.feedStore) {
        throw new ConfigError('Feed channel needs the channel id and a feed store from the caller (the database).');
      }
      return createFeedChannel({ channelId: options.channelId, store: options.feedStore });
    default:
      throw new ConfigError(
        `Channel kind ${JSON.stringify((config as { kind: unknown }).kind)} is unknown; use one of ${CHANNEL_KINDS.join(', ')}.`,
      );
  }
}

export type { ChannelAdapter, Delivery, DeliveryEventType, DeliveryResult, FolderDeliveryData } from './channel.ts';
