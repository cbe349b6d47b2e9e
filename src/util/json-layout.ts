// How a JSON text is laid out: the indentation of a pretty-printed object or array (what Kubernetes' ?pretty=true
// and some servers always send). The assertions read it, and cassettes keep it so a replay answers the same text.

/** The indentation of the first member of a JSON object or array, if the text puts it on its own indented line. */
export function jsonIndent(text: string): string | undefined {
  const m = /^\s*[[{][ \t]*\r?\n([ \t]+)["[{\d\-tfn]/.exec(text);
  return m?.[1];
}
