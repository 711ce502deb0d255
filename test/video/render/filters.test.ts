import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { resolveFfmpeg } from '../../../video/render/ffmpeg.ts';
import { during, heldFramesChain } from '../../../video/render/filters.ts';

describe('heldFramesChain', () => {
  const graph = heldFramesChain({
    source: 'color=c=white:s=320x240:r=25',
    chain: 'drawbox=x=0:y=0:w=10:h=10:color=red',
    spans: [
      { start: 0, end: 3 },
      { start: 3, end: 3.4 },
      { start: 3.4, end: 7.4 },
    ],
    fps: 25,
    motionSeconds: 0.6,
    output: '[base]',
  });

  it('draws the motion frames of each span and loops one settled frame for the rest', () => {
    const frames = [...graph.matchAll(/trim=end_frame=(\d+),[^;]*?(?:loop=loop=(\d+):size=1)?\[h\d+\]/g)].map((m) =>
      m[2] === undefined ? Number(m[1]) : Number(m[2]) + 1,
    );
    expect(frames).toEqual([15, 60, 10, 15, 85]);
    expect(frames.reduce((a, b) => a + b, 0)).toBe(7.4 * 25);
  });

  it('stamps each part with its absolute start so time expressions in the chain still hold', () => {
    expect(graph).toContain('setpts=PTS-STARTPTS+15/(25*TB)');
    expect(graph).toContain('setpts=PTS-STARTPTS+75/(25*TB)');
    expect(graph).toMatch(/concat=n=5:v=1:a=0,setpts=N\/\(25\*TB\)\[base\]$/);
  });
});

describe('heldFramesChain with a tail', () => {
  const graph = heldFramesChain({
    source: 'color=c=white:s=320x240:r=25',
    chain: 'drawbox=x=0:y=0:w=10:h=10:color=red',
    spans: [
      { start: 0, end: 3 },
      { start: 3, end: 3.4 },
      { start: 3.4, end: 7.4 },
    ],
    fps: 25,
    motionSeconds: 0.6,
    tailSeconds: 0.4,
    output: '[base]',
  });

  it('draws the last frames of every span but the last one by one too, for a fade-out before the cut', () => {
    const frames = [...graph.matchAll(/trim=end_frame=(\d+),[^;]*?(?:loop=loop=(\d+):size=1)?\[h\d+\]/g)].map((m) =>
      m[2] === undefined ? Number(m[1]) : Number(m[2]) + 1,
    );
    expect(frames).toEqual([15, 50, 10, 10, 15, 85]);
    expect(graph).toContain('setpts=PTS-STARTPTS+65/(25*TB)');
  });
});

describe('heldFramesChain over a moving background', () => {
  const graph = heldFramesChain({
    source: 'color=c=black@0:s=32x24:r=25,format=yuva420p',
    chain: 'drawbox=x=0:y=0:w=8:h=8:color=red:t=fill:replace=1',
    spans: [
      { start: 0, end: 3 },
      { start: 3, end: 7.4 },
    ],
    fps: 25,
    motionSeconds: 0.6,
    tailSeconds: 0.4,
    output: '[base]',
    underlay: { source: 'color=c=white:s=32x24', input: '[0:v]', overlay: "x='t*4':y=8:eval=frame", heldRate: 5 },
  });

  it('draws the background at the held rate while the slides stand still, frame by frame while they move', () => {
    expect(graph).toMatch(/color=c=white:s=32x24:r=5,trim=end_frame=\d+/);
    expect(graph).toMatch(/color=c=white:s=32x24:r=25,trim=end_frame=15,/);
    expect(graph).toContain('[u0][u1][u2][u3][u4]');
  });

  it('renders exactly the frames of the spans, the background moving under the slides', async () => {
    // prettier-ignore
    const { stdout } = await promisify(execFile)(resolveFfmpeg().ffmpeg, [
      '-v', 'error', '-f', 'lavfi', '-i', 'color=c=blue:s=4x4:d=0.04', '-filter_complex', graph,
      '-map', '[base]', '-pix_fmt', 'gray', '-f', 'rawvideo', '-',
    ], { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 });
    const frames = stdout.length / (32 * 24);
    expect(frames).toBe(7.4 * 25);
    const frame = (n: number) => stdout.subarray(n * 32 * 24, (n + 1) * 32 * 24);
    // The box drawn on the slides stays put; the blue square moves right with t (4 px a second).
    const blueAt = (n: number) =>
      frame(n)
        .subarray(10 * 32, 11 * 32)
        .findIndex((v) => v < 100);
    expect(frame(100)[0]).toBe(frame(10)[0]);
    expect(blueAt(175)).toBeGreaterThan(blueAt(25));
  });
});

describe('during', () => {
  it('is half-open so adjacent spans never share a frame', () => {
    expect(during({ start: 1, end: 2.5 })).toBe('gte(t,1)*lt(t,2.5)');
  });
});
