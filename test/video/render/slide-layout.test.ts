import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCampaign } from '../../../cli/load-campaign.ts';
import { loadTemplates } from '../../../prompts/templates.ts';
import { composeScript } from '../../../scripts/compose.ts';
import { InputError } from '../../../shared/errors.ts';
import type { Script } from '../../../shared/types.ts';
import { resolveFont } from '../../../video/render/ffmpeg.ts';
import { loadFontMetrics } from '../../../video/render/font-metrics.ts';
import { frameLayout, titleSafeArea, type Box } from '../../../video/render/frame-layout.ts';
import { placeCaptions } from '../../../video/render/open-captions.ts';
import { checkCardText } from '../../../video/render/qr.ts';
import { endCardLayout } from '../../../video/render/end-card-layout.ts';
import { sceneTextLayout, type TextBlock } from '../../../video/render/slide-layout.ts';
import { sceneTimeline } from '../../../video/render/timeline.ts';

const fonts = resolveFont();
const metrics = { regular: loadFontMetrics(fonts.regular), bold: loadFontMetrics(fonts.bold) };
/** Check addresses as the end card shows them: a short one and a long one. */
const CHECK_ADDRESSES = ['https://agency.example/c', 'https://impfen.gesundheitsamt-musterstadt.example/c'];
const FORMATS = [
  [1280, 720],
  [1920, 1080],
  [720, 1280],
  [1080, 1920],
  [720, 720],
  [1080, 1080],
] as const;

/** Placeholders for the channel settings the examples read from the environment (no channel is used here). */
const DEMO_ENV = {
  KLARTEXT_DEMO_WEBHOOK_URL: 'http://127.0.0.1:9/hook',
  KLARTEXT_DEMO_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  KLARTEXT_DEMO_FEED_TOKEN: 'feed-token-for-layout-tests-only',
};

/** Every script the shipped examples compose, in every language their campaign speaks and a segment can be told in. */
async function exampleScripts(): Promise<Script[]> {
  const { sources: templates } = loadTemplates();
  const scripts: Script[] = [];
  for (const example of ['autumn-vaccination-2026', 'measles-catch-up']) {
    const { brief, segments, claims } = await loadCampaign(join('examples', example, 'campaign.yaml'), DEMO_ENV);
    for (const segment of segments) {
      for (const language of Object.keys(brief.callToAction)) {
        try {
          scripts.push(
            composeScript({ brief, segment: { ...segment, language }, claims, templates, today: '2026-10-01' }),
          );
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
        }
      }
    }
  }
  return scripts;
}

const inside = (inner: Box, outer: Box): boolean =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.w <= outer.x + outer.w &&
  inner.y + inner.h <= outer.y + outer.h;
const overlaps = (a: Box, b: Box): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** The box a block's lines take when drawn. */
function drawnBox(block: TextBlock): Box {
  const width = Math.max(...block.lines.map((l) => metrics[block.weight].widthEm(l) * block.fontSize));
  return { x: block.x, y: block.y, w: Math.ceil(width), h: block.height };
}

/** What is wrong with a block: overflowing its box, its lines wider than the box, or the box leaving `frame`. */
function problems(name: string, block: TextBlock, frame: Box, avoid: Box[]): string[] {
  const drawn = drawnBox(block);
  return [
    ...(block.fits ? [] : [`${name} does not fit at its smallest size`]),
    ...(inside(drawn, block.box) ? [] : [`${name} leaves its box`]),
    ...(inside(block.box, frame) ? [] : [`${name}'s box leaves the title-safe area`]),
    ...(avoid.some((box) => overlaps(drawn, box)) ? [`${name} covers the AI label, the logo or other text`] : []),
  ];
}

describe('slide layout of the shipped examples (with and without logo, open captions and QR code)', async () => {
  const scripts = await exampleScripts();

  it('composes scripts with key facts from the examples', () => {
    expect(new Set(scripts.map((s) => s.language))).toEqual(new Set(['de', 'en', 'tr', 'uk']));
    expect(scripts.some((s) => s.scenes.some((scene) => scene.keyFact))).toBe(true);
  });

  it.each(FORMATS)(
    'fits every title, scene text and end card (QR code included) into its box at %ix%i, never cut',
    (width, height) => {
      const safe = titleSafeArea(width, height);
      const found: string[] = [];
      const variants = [false, true].flatMap((logo) => [false, true].map((openCaptions) => ({ logo, openCaptions })));
      const checkTexts = [undefined, ...CHECK_ADDRESSES.map((a) => checkCardText(a))];
      let shown = 0;
      const dropped: string[] = [];
      for (const [script, opts] of scripts.flatMap((s) => variants.map((v) => [s, v] as const))) {
        const layout = frameLayout(width, height, script.title, metrics.bold, opts);
        const where = `${script.language} "${script.title}" ${JSON.stringify(opts)}`;
        if (layout.captions) {
          const captions = placeCaptions(script, sceneTimeline(script), layout, metrics.bold, layout.captions);
          const avoid = [layout.label.box, ...(layout.logo ? [layout.logo.bug] : [])];
          for (const [i, c] of captions.entries()) {
            found.push(...problems(`caption ${i + 1}`, c.block, safe, avoid).map((p) => `${where}: ${p}`));
          }
        }
        if (!layout.title.fits) found.push(`${where}: title does not fit`);
        if (!inside(layout.titleBox, safe) || overlaps(layout.titleBox, layout.label.box)) {
          found.push(`${where}: title box leaves the safe area or covers the label`);
        }
        if (!inside(layout.label.box, safe)) found.push(`${where}: label outside the safe area`);
        const logos = layout.logo ? [layout.logo.bug, layout.logo.card] : [];
        if (logos.some((box) => !inside(box, safe) || overlaps(box, layout.label.box))) {
          found.push(`${where}: a logo box leaves the safe area or covers the label`);
        }
        const avoid = [
          layout.label.box,
          ...(layout.logo ? [layout.logo.bug] : []),
          ...(layout.captions ? [layout.captions] : []),
        ];
        script.scenes.forEach((scene, i) => {
          for (const mode of ['slide', 'footage'] as const) {
            const text = sceneTextLayout(layout, metrics, scene, width, mode);
            const blocks = [
              ...(text.heading ? [['heading', text.heading] as const] : []),
              ['main', text.main] as const,
            ];
            for (const [name, block] of blocks) {
              found.push(...problems(name, block, safe, avoid).map((p) => `${where} scene ${i + 1} ${mode}: ${p}`));
            }
            if (text.heading && text.heading.y + text.heading.height > text.main.y) {
              found.push(`${where}: heading overlaps`);
            }
            if (text.icon) {
              const texts = [...(text.heading ? [drawnBox(text.heading)] : []), drawnBox(text.main)];
              if (!inside(text.icon, safe))
                found.push(`${where} scene ${i + 1} ${mode}: pictogram leaves the safe area`);
              if ([...avoid, ...texts].some((box) => overlaps(text.icon!, box))) {
                found.push(`${where} scene ${i + 1} ${mode}: pictogram covers text, the label or the logo`);
              }
            }
            if (scene.icon && text.icon) shown++;
            if (scene.icon && !text.icon) dropped.push(`${JSON.stringify(opts)} ${mode}`);
          }
        });
        const reserve = layout.logo ? layout.logo.card.h + layout.px(24) : 0;
        const words = (s: string) => s.replace(/-\n/g, '').replace(/\s+/g, ' ').trim();
        for (const checkText of checkTexts) {
          const card = endCardLayout(layout, metrics, script, { width, height }, { reserveTop: reserve, checkText });
          const at = `${where} end card${checkText ? ' with QR' : ''}`;
          // Open captions leave the end card alone: it shows the call to action large as it is spoken.
          const cardAvoid = [layout.label.box, ...(layout.logo ? [layout.logo.card] : [])];
          const check = card.check;
          if (checkText && !check) found.push(`${at}: no QR code`);
          if (check) {
            if (!inside(check.qr, safe)) found.push(`${at}: QR code leaves the title-safe area`);
            if (cardAvoid.some((box) => overlaps(check.qr, box))) found.push(`${at}: QR code covers the label or logo`);
            if (overlaps(check.qr, check.address.box)) found.push(`${at}: QR code covers its address`);
            if (check.qr.w < layout.px(130)) found.push(`${at}: QR code smaller than ${layout.px(130)} px`);
            expect(check.address.lines.join('')).toBe(checkText?.replace('\n', ''));
          }
          const blocks = [
            ['call to action', card.cta],
            ['sources', card.sources],
            ['check address', check?.address],
          ] as const;
          for (const [name, block] of blocks) {
            if (!block) continue;
            const others = blocks.filter(([, b]) => b && b !== block).map(([, b]) => drawnBox(b!));
            const avoid = [...cardAvoid, ...others, ...(check && name !== 'check address' ? [check.qr] : [])];
            found.push(...problems(name, block, safe, avoid).map((p) => `${at}: ${p}`));
          }
          expect(words(card.cta.lines.join('\n'))).toBe(words(script.callToAction));
        }
        expect(words(layout.title.lines.join('\n'))).toBe(words(script.title));
      }
      expect(found).toEqual([]);
      // Words come first: a pictogram gives way only where the text would not fit beside it, in the shortest content
      // area there is (a square frame with a logo and open captions).
      expect(shown).toBeGreaterThan(0);
      const shortest = width === height ? ['{"logo":true,"openCaptions":true} footage'] : [];
      expect(dropped.filter((d) => !shortest.includes(d))).toEqual([]);
      expect(dropped.length).toBeLessThan(shown / 100);
    },
  );

  it('shows the key fact verbatim as the main text with the heading above it', () => {
    const script = scripts.find((s) => s.scenes.some((scene) => scene.keyFact)) as Script;
    const scene = script.scenes.find((s) => s.keyFact)!;
    const layout = frameLayout(1280, 720, script.title, metrics.bold);
    const text = sceneTextLayout(layout, metrics, scene, 1280, 'slide');
    expect(text.main.lines.join(' ')).toBe(scene.keyFact);
    expect(text.heading?.lines.join(' ')).toBe(scene.onScreenText);
    expect(text.heading!.fontSize).toBeLessThan(text.main.fontSize);
  });
});
