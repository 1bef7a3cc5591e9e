// The plain jscodeshift transform most users write for a rename: parse every file, visit every Identifier whose
// name holds the old words, and rewrite it keeping its case style. It is only the baseline of
// bench/apply-vs-jscodeshift.mjs, so it stays deliberately ordinary (no prefilter, no scope or type analysis).
// Options: --from=session_id --to=flow_id (snake_case words; both names need the same number of words).
'use strict';

// An identifier's pieces: words in any case style, digits, and the separators between them (kept as they are).
const PIECES = /[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+|[^A-Za-z0-9]+/g;

const snakeWords = (name) => String(name).toLowerCase().split('_').filter(Boolean);

/** The new word in the case of the word it replaces: UPPER, Capitalised or lower. */
function styled(oldWord, newWord) {
  if (oldWord.length > 1 && oldWord === oldWord.toUpperCase()) return newWord.toUpperCase();
  if (oldWord[0] === oldWord[0].toUpperCase()) return newWord[0].toUpperCase() + newWord.slice(1);
  return newWord;
}

/** Replaces every run of the old words (consecutive, optionally `_`-separated) inside one identifier. */
function rename(name, fromWords, toWords) {
  const pieces = name.match(PIECES) ?? [];
  let changed = false;
  for (let i = 0; i < pieces.length; i++) {
    const at = [];
    for (let k = i; k < pieces.length && at.length < fromWords.length; k++) {
      if (pieces[k] === '_' && at.length > 0) continue;
      if (pieces[k].toLowerCase() !== fromWords[at.length]) break;
      at.push(k);
    }
    if (at.length !== fromWords.length) continue;
    at.forEach((k, index) => (pieces[k] = styled(pieces[k], toWords[index])));
    changed = true;
    i = at[at.length - 1];
  }
  return changed ? pieces.join('') : name;
}

module.exports = function renameIdentifier(file, api, options) {
  const fromWords = snakeWords(options.from ?? 'session_id');
  const toWords = snakeWords(options.to ?? 'flow_id');
  const j = api.jscodeshift;
  const root = j(file.source);
  let changed = 0;
  root.find(j.Identifier).forEach((path) => {
    const renamed = rename(path.node.name, fromWords, toWords);
    if (renamed === path.node.name) return;
    path.node.name = renamed;
    changed++;
  });
  return changed > 0 ? root.toSource() : undefined;
};
