// A price table's shape and klartext's default prices: what plans estimate costs with (config/price-table.ts reads files).

/** A complete price table: what the plan reads. */
export interface PriceTable {
  currency: string;
  videoPerSecond: Record<string, number>;
  scriptPer1kTokens: Record<string, number>;
  narrationPerSecond: Record<string, number>;
  timing: {
    draftSeconds: Record<string, number>;
    renderSecondsPerVideoSecond: number;
    clipSeconds: Record<string, number>;
  };
}

/**
 * The defaults: the local providers cost nothing. Paid providers have no default price, because their prices change
 * and differ per contract: the plan reports their cost as unknown until a price table names one.
 */
export const DEFAULT_PRICE_TABLE: PriceTable = {
  currency: 'EUR',
  videoPerSecond: { local: 0 },
  scriptPer1kTokens: { local: 0 },
  narrationPerSecond: { 'espeak-ng': 0, silent: 0 },
  timing: {
    draftSeconds: { local: 1, openai: 30 },
    renderSecondsPerVideoSecond: 1,
    clipSeconds: { 'openai-videos': 180, veo: 120 },
  },
};
