import { describe, expect, it } from 'vitest';
import { APPLY_HELP, CHECK_HELP, SCAN_HELP, SQL_HELP } from '../../src/cli/help.js';

/** Collapses the help's line wrapping, so that a phrase is found wherever the text breaks. */
const flat = (text: string): string => text.replace(/\s+/g, ' ');

describe('help: which commands accept --from without --to', () => {
  it('scan and check say --from alone is enough; apply and sql say they need --to', () => {
    for (const help of [SCAN_HELP, CHECK_HELP, APPLY_HELP]) {
      expect(flat(help)).toContain('scan and check accept --from alone (a gate needs only the old name), apply and sql need --to');
    }
    expect(flat(SQL_HELP)).toContain('--from needs --to here (scan and check accept --from alone)');
  });
});
