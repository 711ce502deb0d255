// The campaign console in-process (app.request): upload with problems, plan, launch, steering, segment, channels, claims.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite } from '../../server/site.ts';
import { createWorkspace } from '../../web/app.ts';
import { CONSOLE } from '../../web/i18n/console.ts';
import { LIBRARY } from '../../web/i18n/console-library.ts';
import { createSessionStore } from '../../services/session.ts';
import { createUser } from '../../db/user-repo.ts';
import { getCampaign } from '../../db/campaign-repo.ts';
import { ensureDelivery, finishAttempt, startAttempt } from '../../db/delivery-repo.ts';
import { recordOutcomeMessage } from '../../db/outcome-repo.ts';
import { deliveryId } from '../../activities/publish.ts';
import { campaignWorkflowId } from '../../shared/task-queues.ts';
import { createHarness, eventually, TEST_PASSWORD, type Harness } from '../support/harness.ts';
import { withOwnClaims } from '../promises/own-claims.ts';
import { withOwnChannel } from '../promises/own-channel.ts';

const EXAMPLE = join(import.meta.dirname, '../../examples/measles-catch-up');

let h: Harness;
let app: ReturnType<typeof createWorkspace>;
let manager: { cookie: string; csrf: string };
let otherManager: { cookie: string; csrf: string };
let channelId: string;
let files: { campaign: string; segments: string; claims: string };
let campaignId = '';

async function sessionFor(role: 'campaign_manager' | 'admin' | 'medical_reviewer') {
  const id = `console-${role}-${randomBytes(3).toString('hex')}`;
  await createUser(h.pool, { id, displayName: `Console ${role}`, role, password: TEST_PASSWORD });
  const { cookieValue, csrfToken } = await createSessionStore(h.pool).create(id);
  return { cookie: `klartext_session=${cookieValue}`, csrf: csrfToken };
}

const get = (path: string, who = manager, lang = 'en') =>
  app.request(path, { headers: { cookie: who.cookie, 'accept-language': lang } });
const post = (path: string, fields: Record<string, string>, who = manager) =>
  app.request(path, {
    method: 'POST',
    headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
    body: new URLSearchParams({ _csrf: who.csrf, ...fields }).toString(),
  });
function upload(texts: { campaign: string; segments: string; claims: string }, who = manager) {
  const form = new FormData();
  form.set('_csrf', who.csrf);
  form.set('campaign', new File([texts.campaign], 'campaign.yaml'));
  form.set('segments', new File([texts.segments], 'segments.csv'));
  form.set('claims', new File([texts.claims], 'claims.yaml'));
  return app.request('/campaigns/new', {
    method: 'POST',
    headers: { cookie: who.cookie, 'accept-language': 'en' },
    body: form,
  });
}

beforeAll(async () => {
  h = await createHarness();
  await h.startWorkers();
  app = createWorkspace({
    pool: h.pool,
    temporal: h.client,
    outDir: h.outDir,
    secrets: h.secrets,
    allowHttpLoopback: true,
    // This file's deployment: launches go to the queues the harness's workers poll.
    taskQueuePrefix: process.env.KLARTEXT_TASK_QUEUE_PREFIX,
  });
  manager = await sessionFor('campaign_manager');
  otherManager = await sessionFor('campaign_manager');
  channelId = `console-hook-${randomBytes(3).toString('hex')}`;
  const campaign = await readFile(join(EXAMPLE, 'campaign.yaml'), 'utf8');
  files = {
    // The example's folder channel is a path on the author's machine; uploads name a stored channel instead.
    campaign: campaign.replace(/^channels:\n(?: {2}.*\n)+/m, `channels:\n  - ref: ${channelId}\n`),
    segments: await readFile(join(EXAMPLE, 'segments.csv'), 'utf8'),
    claims: await readFile(join(EXAMPLE, 'claims.yaml'), 'utf8'),
  };
});
afterAll(async () => {
  if (campaignId) {
    await h?.client.workflow
      .getHandle(campaignWorkflowId(campaignId))
      .terminate('test done')
      .catch(() => undefined);
  }
  await h?.close();
});

describe('campaign console', () => {
  it('adds a webhook channel and shows its generated secret once', async () => {
    const res = await post('/channels', {
      id: channelId,
      kind: 'webhook',
      url: h.receiver.url,
      languages: 'de, en',
      allowCidrs: '10.20.0.0/16',
      generateSecret: 'v1',
    });
    expect(res.status).toBe(201);
    const page = await res.text();
    expect(page).toMatch(/<code>whsec_[A-Za-z0-9+/=]+<\/code>/);
    expect(page).toContain('languages de, en');
    expect(page).toContain('may reach 10.20.0.0/16');
    const again = await (await get('/channels')).text();
    expect(again).toContain(channelId);
    expect(again).not.toMatch(/whsec_/);
  });

  it('refuses a channel whose internal network is not a CIDR block, keeping what was entered', async () => {
    const res = await post('/channels', {
      id: `${channelId}-x`,
      kind: 'webhook',
      url: h.receiver.url,
      allowCidrs: 'intranet',
    });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toMatch(/role="alert">allowCidrs\.0: /);
    expect(page).toContain(`value="${channelId}-x"`);
  });

  it('saves the further formats a channel takes, and names an unknown one', async () => {
    const id = `${channelId}-feed`;
    const res = await post('/channels', { id, kind: 'feed', renditions: 'portrait-open-captions, square' });
    expect(res.status).toBe(201);
    expect(await res.text()).toContain('also takes portrait-open-captions, square');
    const edit = await (await get(`/channels?edit=${id}`)).text();
    expect(edit).toContain('value="portrait-open-captions, square"');
    const bad = await post('/channels', { id, kind: 'feed', renditions: 'vertical' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/role="alert">renditions\.0: /);
  });

  it('lists every problem of broken files at file:line, without storing anything', async () => {
    const res = await upload({
      campaign: files.campaign.replace(/^ {2}width: 1280$/m, '  width: wide'),
      segments: files.segments.replace(',standard,640,', ',fancy,640,'),
      claims: `${files.claims}\n  - : [`,
    });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toMatch(/<code>campaign\.yaml:\d+:\d+<\/code>/);
    expect(page).toMatch(/<code>segments\.csv:2:\d+<\/code>/);
    expect(page).toMatch(/<code>claims\.yaml:\d+:\d+<\/code>/);
    expect(page).toContain('Nothing was stored');
  });

  it('stores a sound upload as a draft and shows its plan before launch', async () => {
    const res = await upload(files);
    expect(res.status).toBe(303);
    const plan = res.headers.get('location') ?? '';
    expect(plan).toMatch(/^\/campaigns\/measles-catch-up-[^/]+\/plan$/);
    campaignId = decodeURIComponent(plan.split('/')[2]!);
    expect((await getCampaign(h.pool, campaignId))?.status).toBe('DRAFT');
    const page = await (await get(plan)).text();
    expect(page).toContain('Launch campaign');
    expect(page).toContain('international-students');
    expect(page).toMatch(/Provider seconds<\/dt>/);
  });

  it('takes uploads larger than an ordinary form through the whole site, and discards a draft', async () => {
    const site = createSite({ pool: h.pool, temporal: h.client, outDir: h.outDir, secrets: h.secrets });
    const form = new FormData();
    form.set('_csrf', manager.csrf);
    form.set('campaign', new File([files.campaign], 'campaign.yaml'));
    form.set('segments', new File([files.segments], 'segments.csv'));
    form.set('claims', new File([`# ${'x'.repeat(40_000)}\n${files.claims}`], 'claims.yaml'));
    const res = await site.request('/campaigns/new', {
      method: 'POST',
      headers: { cookie: manager.cookie },
      body: form,
    });
    expect(res.status).toBe(303);
    const draftId = decodeURIComponent(res.headers.get('location')!.split('/')[2]!);
    expect((await post(`/campaigns/${draftId}/discard`, {})).status).toBe(303);
    expect(await getCampaign(h.pool, draftId)).toBeUndefined();
  });

  it('shows the warnings of the stored campaign beside its plan, at their file', async () => {
    const withoutPhrase = files.campaign.replace(/^ {2}students:\n(?: {4}.*\n)+/m, '');
    expect(withoutPhrase).not.toBe(files.campaign);
    const res = await upload({ ...files, campaign: withoutPhrase });
    expect(res.status).toBe(303);
    const plan = res.headers.get('location')!;
    const page = await (await get(plan)).text();
    expect(page).toMatch(/<h2 id="warnings-h">Warnings: [1-9]/);
    expect(page).toContain('Launch campaign');
    await post(plan.replace(/plan$/, 'discard'), {});
  });

  it('shows another manager the same 404 as an unknown campaign', async () => {
    const res = await get(`/campaigns/${campaignId}/console`, otherManager);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain(`You have no campaign ${campaignId}.`);
  });

  it('launches the draft and shows its console with steering actions', async () => {
    const res = await post(`/campaigns/${campaignId}/launch`, {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/campaigns/${campaignId}/console?done=launched`);
    const page = await (await get(res.headers.get('location')!)).text();
    expect(page).toContain('The campaign was launched.');
    expect(page).toContain(`href="/campaigns/${campaignId}/pause"`);
    expect(page).toContain(`href="/campaigns/${campaignId}/segments/childcare-staff"`);
  });

  it('shows what channels reported per segment, counts below k as "< 11", and downloads them as CSV', async () => {
    const video = 'e'.repeat(64);
    const parts = {
      campaignId,
      segmentId: 'childcare-staff',
      channelId,
      eventType: 'video.approved',
      videoSha256: video,
    };
    const id = deliveryId(parts);
    await ensureDelivery(h.pool, { id, ...parts });
    await finishAttempt(h.pool, { id, attempt: await startAttempt(h.pool, id), latencyMs: 1, status: 'delivered' });
    await recordOutcomeMessage(h.pool, {
      channelId,
      webhookId: `msg-console-${campaignId}`,
      bodySha256: 'f'.repeat(64),
      reports: [{ deliveryId: id, observedAt: new Date(), views: 140, completions: 6, ctaClicks: 12 }],
    });
    const page = await (await get(`/campaigns/${campaignId}/console`)).text();
    expect(page).toContain('Outcomes from channels');
    expect(page).toMatch(/<td class="num">140<\/td>\s*<td class="num">&lt; 11<\/td>\s*<td class="num">\s*—\s*<\/td>/);
    const csv = await get(`/campaigns/${campaignId}/outcomes.csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(await csv.text()).toContain(`\r\nchildcare-staff,${channelId},${video},140,<11,12,,`);
    expect((await get(`/campaigns/${campaignId}/outcomes.csv`, otherManager)).status).toBe(404);
  });

  it('refuses a pause without a reason or without the confirmation tick, then pauses and resumes', async () => {
    expect((await get(`/campaigns/${campaignId}/pause`)).status).toBe(200);
    const noReason = await post(`/campaigns/${campaignId}/pause`, { reason: '', confirm: '1' });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain('Say why');
    const unconfirmed = await post(`/campaigns/${campaignId}/pause`, { reason: 'Guidance under review' });
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain('Tick the confirmation box');
    const paused = await post(`/campaigns/${campaignId}/pause`, { reason: 'Guidance under review', confirm: '1' });
    expect(paused.status).toBe(303);
    expect((await getCampaign(h.pool, campaignId))?.status).toBe('PAUSED');
    const page = await (await get(`/campaigns/${campaignId}/console`)).text();
    expect(page).toContain('Paused: no new segment starts');
    expect(page).toContain(`href="/campaigns/${campaignId}/resume"`);
    const resumed = await post(`/campaigns/${campaignId}/resume`, { reason: '', confirm: '1' });
    expect(resumed.status).toBe(303);
    expect((await getCampaign(h.pool, campaignId))?.status).toBe('RUNNING');
  });

  it('raises the video budget with a reason and shows it on the console', async () => {
    const invalid = await post(`/campaigns/${campaignId}/budget`, {
      budgetSeconds: 'lots',
      reason: 'More',
      confirm: '1',
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toContain('whole number of seconds');
    const res = await post(`/campaigns/${campaignId}/budget`, {
      budgetSeconds: '900',
      reason: 'Two more languages planned',
      confirm: '1',
    });
    expect(res.status).toBe(303);
    const page = await (await get(`/campaigns/${campaignId}/console?done=budget`)).text();
    expect(page).toContain('The video budget was raised.');
    expect(page).toContain('Video budget: 900 seconds');
  });

  it('shows a segment with its audience, concerns, review history and deliveries', async () => {
    const res = await get(`/campaigns/${campaignId}/segments/childcare-staff`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('proof-requirement');
    expect(page).toContain('Review history');
    expect(page).toContain('Deliveries');
    expect((await get(`/campaigns/${campaignId}/segments/nobody`)).status).toBe(404);
  });

  it('speaks German when the browser asks for it', async () => {
    const page = await (await get(`/campaigns/${campaignId}/console`, manager, 'de')).text();
    expect(page).toContain('Steuerung');
    expect(page).toContain('Segmente dieser Kampagne');
    expect(page).not.toContain('Segments of this campaign');
  });

  it('leaves no English text of its catalogs on its German pages', async () => {
    // Texts that differ between the languages; of one with placeholders, its longest fixed part.
    const english = [CONSOLE, LIBRARY].flatMap((catalog) =>
      Object.entries(catalog.en as Record<string, string>)
        .filter(([key, text]) => (catalog.de as Record<string, string>)[key] !== text)
        .map(([, text]) =>
          text
            .split(/\{\w+\}/)
            .sort((a, b) => b.length - a.length)[0]!
            .trim(),
        )
        .filter((text) => text.length >= 12),
    );
    const pages = [
      '/campaigns',
      '/campaigns/new',
      `/campaigns/${campaignId}/plan`,
      `/campaigns/${campaignId}/console`,
      `/campaigns/${campaignId}/pause`,
      `/campaigns/${campaignId}/budget`,
      `/campaigns/${campaignId}/link?channel=${channelId}&backfill=1`,
      `/campaigns/${campaignId}/segments/childcare-staff`,
      '/channels',
      '/claims',
      '/claims/mmr-no-autism/withdraw',
    ];
    for (const path of pages) {
      const res = await get(path, manager, 'de');
      expect(res.status, path).toBe(200);
      const main = /<main[^>]*>([\s\S]*)<\/main>/.exec(await res.text())?.[1] ?? '';
      const text = main
        .replace(/<[^>]+>/g, ' ')
        .replace(/&#39;/g, "'")
        .replace(/\s+/g, ' ');
      expect(
        english.filter((e) => text.includes(e)),
        path,
      ).toEqual([]);
    }
  });

  it('lists the library claims and shows what a withdrawal would retract before it is confirmed', async () => {
    const page = await (await get('/claims')).text();
    expect(page).toContain('mmr-no-autism');
    const confirm = await (await get('/claims/mmr-no-autism/withdraw')).text();
    expect(confirm).toContain('No published video cites this claim');
    expect(confirm).toContain('name="confirm"');
  });

  it('shows the segments a withdrawal sends back before it is confirmed, and its outcome after', async () => {
    const { campaign, own } = withOwnClaims(withOwnChannel(await h.example({ segments: 1 })));
    const segmentId = campaign.segments[0]!.id;
    const launched = await h.launch(campaign);
    await eventually(
      async () => {
        const item = await h.reviewer
          .get<{ state: { status: string } }>(`/api/reviews/${launched}/${segmentId}`)
          .catch(() => undefined);
        return item?.state.status === 'IN_REVIEW' ? item : undefined;
      },
      60_000,
      'in review',
    );
    const claimId = own('covid-booster-60plus');
    const confirm = await (await get(`/claims/${claimId}/withdraw`)).text();
    expect(confirm).toContain('These segments are still being worked on and cite it');
    expect(confirm).toContain(`Sent back to drafting: campaign ${launched}, segment ${segmentId} (was in review)`);

    const done = await post(`/claims/${claimId}/withdraw`, { reason: 'Superseded.', confirm: '1' });
    expect(done.status).toBe(200);
    const page = await done.text();
    expect(page).toContain(
      `Claim ${claimId} was withdrawn. Videos retracted: 0. Segments sent back to drafting: 1. Segments blocked: 0.`,
    );
    expect(page).toContain(`Outcome of the withdrawal of ${claimId}`);
    expect(page).toContain(`Sent back to drafting: campaign ${launched}, segment ${segmentId} (was in review)`);

    // The redrafted version waits in the reviewers' queue, which says why the one they had is gone, as its page does.
    await eventually(
      async () => {
        const item = await h.reviewer.get<{ state: { status: string; round: number } }>(
          `/api/reviews/${launched}/${segmentId}`,
        );
        return item.state.status === 'IN_REVIEW' && item.state.round === 2 ? item : undefined;
      },
      60_000,
      'redraft in review',
    );
    const reviewer = await sessionFor('medical_reviewer');
    const notice = `Sent back: claim ${claimId} withdrawn; the script is redrafted without it.`;
    expect(await (await get('/queue', reviewer)).text()).toContain(notice);
    expect(await (await get(`/review/${launched}/${segmentId}`, reviewer)).text()).toContain(notice);
  }, 120_000);

  it('imports a claims file, listing its problems at file:line when it is broken', async () => {
    const importFile = (text: string) => {
      const form = new FormData();
      form.set('_csrf', manager.csrf);
      form.set('claims', new File([text], 'more-claims.yaml'));
      return app.request('/claims/import', { method: 'POST', headers: { cookie: manager.cookie }, body: form });
    };
    const broken = await importFile('claims:\n  - id: [\n');
    expect(broken.status).toBe(400);
    expect(await broken.text()).toMatch(/<code>more-claims\.yaml:\d+:\d+<\/code>/);
    const ok = await importFile(files.claims);
    expect(ok.status).toBe(201);
    expect(await ok.text()).toMatch(/Imported: \d+ new, \d+ changed, \d+ unchanged\./);
  });

  it('fills the channel form with a stored channel to edit, without its secret', async () => {
    const page = await (await get(`/channels?edit=${channelId}`)).text();
    expect(page).toContain(`value="${h.receiver.url}"`);
    expect(page).toContain('value="10.20.0.0/16"');
    expect(page).not.toMatch(/whsec_/);
  });

  it('disables and enables a channel', async () => {
    const off = await post(`/channels/${channelId}/disable`, {});
    expect(await off.text()).toContain(`Channel ${channelId} was disabled.`);
    const on = await post(`/channels/${channelId}/enable`, {});
    expect(await on.text()).toContain(`Channel ${channelId} was enabled.`);
  });

  it('cancels the campaign with a reason', async () => {
    const res = await post(`/campaigns/${campaignId}/cancel`, { reason: 'Test finished', confirm: '1' });
    expect(res.status).toBe(303);
    await eventually(
      async () => ((await getCampaign(h.pool, campaignId))?.status === 'CANCELLED' ? true : undefined),
      20_000,
      'the campaign cancelled',
    );
  });
});
