import { describe, expect, it } from 'vitest';
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

describe('during', () => {
  it('is half-open so adjacent spans never share a frame', () => {
    expect(during({ start: 1, end: 2.5 })).toBe('gte(t,1)*lt(t,2.5)');
  });
});
