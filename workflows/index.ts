// The workflows the worker registers (loaded by path: they run in Temporal's deterministic sandbox).
export { campaignWorkflow } from './campaign.ts';
export { segmentWorkflow } from './segment.ts';
export { revocationWorkflow } from './revocation.ts';
export { redeliveryWorkflow } from './redelivery.ts';
export { segmentUploadWorkflow } from './segment-upload.ts';
export { claimWithdrawalWorkflow } from './claim-withdrawal.ts';
