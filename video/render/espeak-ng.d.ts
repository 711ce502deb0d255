// Types of the `espeak-ng` npm package (eSpeak NG compiled with Emscripten), as the runner script uses it.
declare module 'espeak-ng' {
  /** The Emscripten module options the runner passes: command-line arguments, output sinks, a pre-run hook. */
  export interface ESpeakNgOptions {
    arguments: string[];
    print?: (line: string) => void;
    printErr?: (line: string) => void;
    preRun?: ((module: ESpeakNgInstance) => void)[];
  }

  /** A finished run: its in-memory file system holds what eSpeak NG wrote. */
  export interface ESpeakNgInstance {
    FS: { readFile(path: string): Uint8Array; writeFile(path: string, data: string | Uint8Array): void };
  }

  /** Runs the eSpeak NG command line once with `options.arguments`. */
  export default function ESpeakNg(options: ESpeakNgOptions): Promise<ESpeakNgInstance>;
}
