import type { Binding, SiteQuery } from '../../symbols/model.js';

interface Covered {
  readonly start: number;
  readonly end: number;
  readonly binding: Binding;
}

/**
 * Sites already answered by an earlier symbol's locations, so each symbol costs one request, not one per site.
 * A location with suffix text (`{ sessionId }` seen from the property, `export { x }` kept as `y as x`) also
 * spells another symbol, which asking at the site would give, so it answers nothing; so does one with prefix text
 * (`{ options }` seen from the local): its key may be a typed reader's (yup's `let args = { options }` handed to
 * `test(args)` as `TestOptions`), which only asking at the key finds.
 */
export class Coverage {
  private readonly byFile = new Map<string, Covered[]>();

  add(binding: Extract<Binding, { kind: 'symbol' }>): void {
    for (const location of binding.locations) {
      if (location.suffixText || location.prefixText) continue;
      let list = this.byFile.get(location.file);
      if (!list) this.byFile.set(location.file, (list = []));
      list.push({ start: location.start, end: location.end, binding });
    }
  }

  find(site: SiteQuery): Binding | undefined {
    const list = this.byFile.get(site.file);
    if (!list) return undefined;
    for (const covered of list) if (covered.start <= site.start && site.end <= covered.end) return covered.binding;
    return undefined;
  }
}
