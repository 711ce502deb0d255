// Tests for the video provider factory: none for local, an adapter per service, or a ConfigError naming the variable.
import { describe, expect, it } from 'vitest';
import { createVideoProvider } from '../../../video/providers/index.ts';
import { ConfigError } from '../../../shared/errors.ts';

const none = { openaiVideos: {}, gemini: {} };

describe('createVideoProvider', () => {
  it('builds no provider for the local renderer', () => {
    expect(createVideoProvider({ provider: 'local', ...none })).toBeUndefined();
  });

  it('names the missing variable for each service', () => {
    expect(() => createVideoProvider({ provider: 'veo', ...none })).toThrow(/GEMINI_API_KEY/);
    expect(() => createVideoProvider({ provider: 'openai-videos', ...none })).toThrow(/OPENAI_VIDEOS_BASE_URL/);
    const withUrl = { ...none, openaiVideos: { baseURL: 'https://gateway.example/v1' } };
    expect(() => createVideoProvider({ provider: 'openai-videos', ...withUrl })).toThrow(ConfigError);
  });

  it('builds an adapter when its key is set', () => {
    expect(createVideoProvider({ provider: 'veo', ...none, gemini: { apiKey: 'g-test' } })).toBeDefined();
  });
});
