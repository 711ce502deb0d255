// Steering a running campaign: pause, resume, a raised video budget and late channels, as Updates that the campaign
// passes on to its open segments by signal; the state is carried across continue-as-new.
import { ApplicationFailure, setHandler, type SignalDefinition } from '@temporalio/workflow';
import {
  budgetRaisedSignal,
  campaignPausedSignal,
  channelsLinkedSignal,
  linkChannelsUpdate,
  pauseCampaignUpdate,
  raiseBudgetUpdate,
  resumeCampaignUpdate,
  type CampaignProgress,
  type LinkChannelsInput,
  type RaiseBudgetInput,
} from './messages.ts';
import { setCampaignStatus } from './stage.ts';

/** What steering changed; part of the campaign's continue-as-new input. */
export interface SteeringState {
  paused: boolean;
  budgetSeconds?: number;
  /** Every channel of the campaign: those of the launch, then those linked later. */
  channelIds: string[];
  lateChannelIds: string[];
}

/** Sends one signal to every open segment of the campaign (workflows/campaign.ts does it in one activity). */
export type TellSegments = <T>(signal: SignalDefinition<[T]>, arg: T) => Promise<void>;

/**
 * Registers the steering Updates. Pause and resume are idempotent (a retried request changes nothing twice); the
 * caller records who did it and why in the audit log, in the same step as the campaign's stored status.
 */
export function setSteeringHandlers(
  state: SteeringState,
  tellSegments: TellSegments,
  progress: () => CampaignProgress,
): void {
  const setPaused = async (paused: boolean) => {
    state.paused = paused;
    setCampaignStatus(paused ? 'PAUSED' : 'RUNNING');
    await tellSegments(campaignPausedSignal, { paused });
    return progress();
  };
  setHandler(pauseCampaignUpdate, () => setPaused(true));
  setHandler(resumeCampaignUpdate, () => setPaused(false));
  setHandler(
    raiseBudgetUpdate,
    async ({ budgetSeconds }: RaiseBudgetInput) => {
      state.budgetSeconds = budgetSeconds;
      await tellSegments(budgetRaisedSignal, { budgetSeconds });
      return progress();
    },
    { validator: ({ budgetSeconds }: RaiseBudgetInput) => validateBudget(budgetSeconds) },
  );
  setHandler(
    linkChannelsUpdate,
    async ({ channelIds }: LinkChannelsInput) => {
      const added = channelIds.filter((id) => !state.channelIds.includes(id));
      state.channelIds.push(...added);
      state.lateChannelIds.push(...added);
      if (added.length > 0) await tellSegments(channelsLinkedSignal, { channelIds: added });
      return progress();
    },
    { validator: ({ channelIds }: LinkChannelsInput) => validateChannelIds(channelIds) },
  );
}

/** The raiseBudget validator (synchronous: a refusal never enters history). */
function validateBudget(budgetSeconds: number): void {
  if (!Number.isFinite(budgetSeconds) || budgetSeconds <= 0) {
    throw ApplicationFailure.create({
      type: 'InvalidBudget',
      message: 'budgetSeconds must be a positive number of seconds.',
      nonRetryable: true,
    });
  }
}

/** The linkChannels validator: at least one channel id, none empty. */
function validateChannelIds(channelIds: readonly string[]): void {
  if (!Array.isArray(channelIds) || channelIds.length === 0 || channelIds.some((id) => !id)) {
    throw ApplicationFailure.create({
      type: 'InvalidChannels',
      message: 'channelIds must name at least one channel.',
      nonRetryable: true,
    });
  }
}
