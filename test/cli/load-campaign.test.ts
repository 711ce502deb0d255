// Loading a campaign named by a relative path: messages keep the path as written, folder channels become absolute.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCampaign, validateCampaign } from '../../cli/load-campaign.ts';

const RELATIVE = 'examples/measles-catch-up/campaign.yaml';

describe('loadCampaign', () => {
  it('resolves a folder channel to an absolute directory when the campaign file is named relatively', async () => {
    const { brief } = await loadCampaign(RELATIVE, {});
    const folder = brief.channels.find((ch) => 'kind' in ch && ch.kind === 'folder');
    expect(folder && 'directory' in folder ? folder.directory : undefined).toBe(resolve('out/measles-cms'));
  });

  it('names files in problems as the user wrote them', async () => {
    // The shipped example reads its webhook's URL and secret from variables this environment does not set.
    const { problems } = await validateCampaign('examples/autumn-vaccination-2026/campaign.yaml', {});
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.map((p) => p.file)).toContain('examples/autumn-vaccination-2026/campaign.yaml');
    expect(problems.every((p) => !p.file.startsWith('/'))).toBe(true);
  });
});
