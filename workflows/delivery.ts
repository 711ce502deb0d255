// Fan-out of one event to many channels, shared by publication and revocation.
import type { DeliverToChannelInput } from '../activities/publish.ts';
import { publish } from './activities.ts';

export interface DeliveryOutcome {
  channelId: string;
  deliveryId?: string;
  status: string;
}

/**
 * Delivers to every channel at once. One channel's failure does not stop the others: a permanent refusal is already
 * in the ledger as failed; a retry schedule that ran out is marked failed here, with the last error.
 */
export async function deliverAll(sends: DeliverToChannelInput[]): Promise<DeliveryOutcome[]> {
  return Promise.all(
    sends.map(async (send): Promise<DeliveryOutcome> => {
      try {
        const r = await publish.deliverToChannel(send);
        return { channelId: send.channelId, deliveryId: r.deliveryId, status: r.status };
      } catch (err) {
        await publish.giveUpDelivery({ ...send, error: (err as Error).message });
        return { channelId: send.channelId, status: 'failed' };
      }
    }),
  );
}
