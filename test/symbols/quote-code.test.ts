import { describe, expect, it } from 'vitest';
import { oneLine, quoteCode } from '../../src/symbols/quote-code.js';

describe('source text quoted in a reason', () => {
  it('puts a chained call written over several lines on one line, eliding long argument lists', () => {
    const chained = [
      'Checkout.objects.using(self.database_connection_name)',
      '            .filter(',
      '                user_id__in=user_ids,',
      '                channel__slug__in=channel_slugs,',
      '            )',
      '            .annotate',
    ].join('\n');
    expect(quoteCode(chained)).toBe('`Checkout.objects.using(…).filter(…).annotate`');
  });

  it('keeps short groups and single-line text as written', () => {
    expect(quoteCode('json.dumps')).toBe('`json.dumps`');
    expect(quoteCode('self.client(app)\n    .get')).toBe('`self.client(app).get`');
    expect(quoteCode('rows[0].items')).toBe('`rows[0].items`');
  });

  it('leaves unbalanced brackets alone and keeps a space between words', () => {
    expect(quoteCode('f(a, [b)')).toBe('`f(a, [b)`');
    expect(oneLine('await\n    load()')).toBe('await load()');
    expect(oneLine('call(a,\n  b)')).toBe('call(a, b)');
  });
});
