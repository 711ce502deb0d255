// `npm run histories:record`: the suite's stack (global setup), running only the recorder.
import { defineConfig } from 'vitest/config';
import base from '../../vitest.config.ts';

export default defineConfig({ test: { ...base.test, include: ['test/replay/record.ts'], testTimeout: 900_000 } });
