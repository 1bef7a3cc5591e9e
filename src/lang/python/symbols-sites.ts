import type { SiteQuery } from '../../symbols/model.js';
import { keywordSymbol } from './symbols-callees.js';
import { type Answer, attachTo, type BindState, symbolAt, unknown } from './symbols-resolve.js';
import { bindReflection, bindSplatKey, bindString } from './symbols-strings.js';
import type { SiteContext } from './symbols-syntax.js';

/** Binds one site the table does not cover yet, by what syntax says it is (symbols-syntax.ts). */
export async function bindSite(state: BindState, site: SiteQuery, context: SiteContext): Promise<Answer> {
  switch (context.type) {
    case 'identifier':
      return bindIdentifier(state, site, context);
    case 'reflection':
      return bindReflection(state, site, context);
    case 'splat-key':
      return bindSplatKey(state, site, context.callees, context.name);
    case 'string':
      return bindString(state, site, context);
    case 'other':
      return { kind: 'unbound' };
  }
}

/**
 * A name: what pyright binds it to. When pyright binds nothing, syntax says why for the report, and a keyword
 * argument gets a second chance through its callee (a `**kwargs` constructor's fields, a dependency's callee).
 */
async function bindIdentifier(state: BindState, site: SiteQuery, context: Extract<SiteContext, { type: 'identifier' }>): Promise<Answer> {
  const name = state.texts.text(site.file)?.slice(site.start, site.end) ?? site.text;
  const record = await symbolAt(state, site.file, site.start, site.end, name);
  if (record) return record;
  if (context.keywordOf) {
    return attachTo(state, site, await keywordSymbol(state, site, context.keywordOf, name), `pyright cannot resolve \`${name}\``);
  }
  if (context.attributeOf !== undefined) {
    return unknown(`the type of \`${context.attributeOf}\` is unknown to pyright (is its package installed?)`);
  }
  if (context.importFrom !== undefined) return unknown(`\`${context.importFrom}\` cannot be resolved (is it installed?)`);
  return unknown(`pyright cannot resolve \`${name}\` here`);
}
