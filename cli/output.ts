// Command output: one JSON document on stdout for `--json`, or text for people; never a mix of both.

/** Prints `data` as one JSON document when `json` is set, else hands it to `print` for a person to read. */
export function emit<T>(json: boolean | undefined, data: T, print: (data: T) => void): void {
  if (json) console.log(JSON.stringify(data, null, 2));
  else print(data);
}
