import path from 'node:path';
import { wordAround } from '../../symbols/contracts.js';
import type { SiteQuery } from '../../symbols/model.js';
import { keywordSymbol } from './symbols-callees.js';
import { type Answer, attachTo, type BindState, symbolAt, symbolDeclaredAt, unknown } from './symbols-resolve.js';
import { bindReflection, bindSplatKey, bindString } from './symbols-strings.js';
import type { SiteContext } from './symbols-syntax.js';
import { quoteCode } from '../../symbols/quote-code.js';

/** Binds one site the table does not cover yet, by what syntax says it is (symbols-syntax.ts). */
export async function bindSite(state: BindState, site: SiteQuery, context: SiteContext): Promise<Answer> {
  switch (context.type) {
    case 'identifier':
      return bindIdentifier(state, site, context);
    case 'reflection':
      return bindReflection(state, site, context);
    case 'splat-key':
      return bindSplatKey(state, site, context.callees, context.name);
    case 'parametrize': {
      const text = state.texts.text(site.file);
      const name = text === undefined ? site.text : wordAround(text, site.start, site.end);
      const offset = context.parameters.get(name);
      if (offset === undefined) return { kind: 'unbound' };
      return attachTo(state, site, await symbolDeclaredAt(state, site.file, offset, name), `pyright cannot resolve the parameter \`${name}\``);
    }
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
  // Not "is it installed?": the project's own pyright config keeps pyright out of this file (a file with no
  // top-level definition at all also has no symbols; the syntax tree tells those apart).
  const topLevel = state.tree(site.file)?.rootNode.namedChildren.some((node) => node?.type !== 'comment' && node?.type !== 'expression_statement');
  if (topLevel && !(await state.queries.tracked(site.file))) {
    const relative = path.relative(state.root, site.file);
    return unknown(`pyright does not analyse ${relative}: the project's pyright configuration (include/exclude in pyrightconfig.json or [tool.pyright]) leaves it out; add it to include`);
  }
  if (context.keywordOf) {
    // The callee's parameter is looked up by the keyword's whole name: the plan's word inside it (`session` of
    // `session_data=`) names no parameter.
    const text = state.texts.text(site.file);
    const keyword = text === undefined ? name : wordAround(text, site.start, site.end);
    return attachTo(state, site, await keywordSymbol(state, site, context.keywordOf, keyword), `pyright cannot resolve \`${keyword}\``);
  }
  if (context.attributeOf !== undefined) {
    return unknown(`the type of ${quoteCode(context.attributeOf)} is unknown to pyright (is its package installed?)`);
  }
  if (context.importFrom !== undefined) return unknown(`\`${context.importFrom}\` cannot be resolved (is it installed?)`);
  return unknown(`pyright cannot resolve \`${name}\` here`);
}
