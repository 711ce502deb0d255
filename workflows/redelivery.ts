// redeliveryWorkflow: a manager's redelivery or replay, with the same ledger and retry guarantees as a publication.
import type { DeliverToChannelInput } from '../activities/publish.ts';
import { deliverAll, type DeliveryOutcome } from './delivery.ts';

export interface RedeliveryWorkflowInput {
  sends: DeliverToChannelInput[];
}

/** Sends each delivery again under its original id, so receivers that already have it drop the copy. */
export async function redeliveryWorkflow(input: RedeliveryWorkflowInput): Promise<DeliveryOutcome[]> {
  return deliverAll(input.sends);
}
