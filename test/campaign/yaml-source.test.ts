import { describe, expect, it } from 'vitest';
import { fieldName, interpolateEnv, locate, parseYamlSource } from '../../campaign/yaml-source.ts';
import { inputErrorMessage } from '../segments/helpers.ts';

const TEXT = `video:
  width: 1280
channels:
  - id: a
    url: "\${HOOK_URL}/x"
  - id: b
    secret:
`;

describe('locate', () => {
  it('finds the value of a nested path', () => {
    const source = parseYamlSource(TEXT, 'f.yaml');
    expect(locate(source, ['video', 'width'])).toEqual({ line: 2, column: 10 });
    expect(locate(source, ['channels', 0, 'url'])).toEqual({ line: 5, column: 10 });
  });

  it('falls back to the nearest existing ancestor when the path is missing', () => {
    const source = parseYamlSource(TEXT, 'f.yaml');
    expect(locate(source, ['video', 'height'])).toEqual({ line: 1, column: 1 });
    expect(locate(source, ['channels', 1, 'kind'])).toEqual({ line: 6, column: 5 });
  });

  it('points at the key when the value is empty or the key is asked for', () => {
    const source = parseYamlSource(TEXT, 'f.yaml');
    expect(locate(source, ['channels', 1, 'secret'])).toEqual({ line: 7, column: 5 });
    expect(locate(source, ['video', 'width'], true)).toEqual({ line: 2, column: 3 });
  });
});

describe('parseYamlSource', () => {
  it('reports a syntax error with its line and column', () => {
    expect(inputErrorMessage(() => parseYamlSource('a: 1\nb: [1, 2\nc: 3\n', 'f.yaml'))).toMatch(
      /^f\.yaml:\d+:\d+: YAML syntax error: /,
    );
    expect(inputErrorMessage(() => parseYamlSource('a: 1\na: 2\n', 'f.yaml'))).toMatch(
      /^f\.yaml:2:1: YAML syntax error: /,
    );
  });
});

describe('interpolateEnv', () => {
  it('replaces references inside string values and leaves keys alone', () => {
    const source = parseYamlSource('"${KEY}": "${HOOK_URL}/x"\n', 'f.yaml');
    interpolateEnv(source, { HOOK_URL: 'https://h.example', KEY: 'replaced' });
    expect(source.doc.toJS()).toEqual({ '${KEY}': 'https://h.example/x' });
  });

  it('names the unset variable at the column of its reference', () => {
    const source = parseYamlSource(TEXT, 'f.yaml');
    expect(inputErrorMessage(() => interpolateEnv(source, { HOOK_URL: '' }))).toMatch(
      /^f\.yaml:5:11: environment variable HOOK_URL is not set/,
    );
  });
});

describe('fieldName', () => {
  it('renders issue paths with dots and indices', () => {
    expect(fieldName(['channels', 0, 'secret'])).toBe('channels[0].secret');
    expect(fieldName([])).toBe('');
  });
});
