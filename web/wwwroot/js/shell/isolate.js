// Text that people wrote (names, titles, notes, messages, file names) shown inside Viv's own words.
// Each piece goes into its own bidirectional isolate, so right-to-left text or a stray
// direction override in it can never reorder the words around it. Text only, never markup.

/** One piece of someone's text, isolated, its direction taken from its own first strong letter. */
export function isolate(text) {
  const bdi = document.createElement("bdi");
  bdi.textContent = text;
  return bdi;
}

/**
 * A tagged template: sentence`${name} left the call.` gives nodes for append or replaceChildren,
 * Viv's words as text and each value isolated (a value that is already a node or a list of nodes stays as it is).
 */
export function sentence(words, ...values) {
  const nodes = [words[0]];
  values.forEach((value, i) => {
    if (Array.isArray(value)) nodes.push(...value);
    else nodes.push(value instanceof Node ? value : isolate(String(value)));
    nodes.push(words[i + 1]);
  });
  return nodes.filter((node) => node !== "");
}

/** The same isolation where only a string fits (the document title): first-strong isolate to pop directional isolate. */
export const isolatedString = (text) => `\u2068${text}\u2069`;
