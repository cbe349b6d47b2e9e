// Text from an untrusted source (a bundle's manifest, a vendor's suites and cassettes) made safe for one terminal
// line: control characters (escape codes, carriage returns, newlines) and bidirectional overrides are shown as
// `\uXXXX` instead of acting on the terminal, so they can neither move the cursor nor fake a line of Vouch's own.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function printable(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
