// Gets a current ffmpeg on first use: what findFfmpeg finds, else PyPI's imageio-ffmpeg installed into `.cache`.
import { join } from 'node:path';
import {
  FFMPEG_VENV,
  findFfmpeg,
  forgetResolvedFfmpeg,
  resolveFfmpeg,
  type FfmpegBinaries,
  type FfmpegLookup,
} from '../video/render/ffmpeg.ts';
import { installIntoVenv } from './temporal-binary.ts';

/** The PyPI package whose wheel carries a static ffmpeg build (9.0.2 in 0.8.1), pinned so every machine renders alike. */
export const IMAGEIO_FFMPEG_PACKAGE = 'imageio-ffmpeg==0.8.1';

/**
 * Resolves ffmpeg for this process as `klartext dev`, the demo and CI do: KLARTEXT_FFMPEG_PATH, PATH, the project
 * cache; when only the npm 4.1 build (or nothing) is there, installs imageio-ffmpeg into `<cacheDir>/ffmpeg-venv`
 * first (python3 -m venv + pip, once). If that install fails, the npm build is used with its warning.
 * `install` replaces the PyPI install (tests).
 * @throws as findFfmpeg when no ffmpeg runs at all.
 */
export function ensureFfmpeg(opts: {
  env: NodeJS.ProcessEnv;
  cacheDir: string;
  log: (line: string) => void;
  npm?: FfmpegLookup['npm'];
  install?: (cacheDir: string, pkg: string, log: (line: string) => void) => boolean;
}): FfmpegBinaries {
  const lookup: FfmpegLookup = {
    env: opts.env,
    cacheDir: opts.cacheDir,
    warn: opts.log,
    ...(opts.npm ? { npm: opts.npm } : {}),
  };
  let found: FfmpegBinaries | undefined;
  try {
    found = findFfmpeg({ ...lookup, warn: () => undefined });
  } catch (err) {
    if (opts.env.KLARTEXT_FFMPEG_PATH) throw err; // a wrong explicit path is the user's to fix, not to paper over
  }
  if (!found || found.via === 'npm') {
    const install = opts.install ?? ((dir, pkg, log) => installIntoVenv(dir, pkg, log, FFMPEG_VENV));
    if (!install(opts.cacheDir, IMAGEIO_FFMPEG_PACKAGE, opts.log)) {
      opts.log(`klartext: could not install ${IMAGEIO_FFMPEG_PACKAGE} into ${join(opts.cacheDir, FFMPEG_VENV)}.`);
    }
  }
  forgetResolvedFfmpeg();
  return resolveFfmpeg(lookup);
}

/** One line for logs: which ffmpeg renders, e.g. `ffmpeg n9.0.2-… (project-cache: /…/ffmpeg-linux-x86_64-v9.0.2)`. */
export function describeFfmpeg(binaries: FfmpegBinaries): string {
  return `ffmpeg ${binaries.version} (${binaries.via}: ${binaries.ffmpeg})`;
}
