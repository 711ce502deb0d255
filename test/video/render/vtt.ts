// A strict-enough WebVTT reader for tests: header, optional cue ids, timings with settings, cue text lines.

/** One cue as read from a WebVTT file. */
export interface ParsedCue {
  id?: string;
  start: number;
  end: number;
  settings: string;
  lines: string[];
}

function seconds(stamp: string): number {
  const [h, m, s] = stamp.split(':').map(Number) as [number, number, number];
  return h * 3600 + m * 60 + s;
}

/** Parses cues; throws on a missing `WEBVTT` header, a bad timing line or an empty cue. */
export function parseVtt(vtt: string): ParsedCue[] {
  if (!/^WEBVTT(?:[ \t][^\n]*)?\n\n/.test(vtt)) throw new Error('missing WEBVTT header');
  return vtt
    .trim()
    .split(/\n\n+/)
    .slice(1)
    .map((block) => {
      const rows = block.split('\n');
      const id = rows[0]?.includes('-->') ? undefined : rows.shift();
      const [timing = '', ...lines] = rows;
      const match = /^(\d\d:\d\d:\d\d\.\d{3}) --> (\d\d:\d\d:\d\d\.\d{3})(.*)$/.exec(timing);
      if (!match) throw new Error(`bad cue timing: ${timing}`);
      if (lines.length === 0 || lines.some((l) => l.includes('-->'))) throw new Error(`bad cue text: ${block}`);
      const cue = { start: seconds(match[1] ?? ''), end: seconds(match[2] ?? ''), settings: (match[3] ?? '').trim() };
      return { ...(id ? { id } : {}), ...cue, lines };
    });
}

/** The cue text as a viewer reads it: lines joined, WebVTT entities decoded. */
export const cueText = (cue: ParsedCue): string =>
  cue.lines.join(' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
