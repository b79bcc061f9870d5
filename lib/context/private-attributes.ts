import { AttributeRef, attributeRefFromLiteral, parseAttributeRef } from './attribute-ref';

/** No private attributes (shared, frozen). */
export const NO_PRIVATE_ATTRIBUTES: readonly AttributeRef[] = Object.freeze([]);

/**
 * Checks a context's private-attribute list (`_meta.privateAttributes`, or a legacy user's
 * `privateAttributeNames`) without parsing it. As in the Node SDK, a falsy value means "none";
 * anything else must be an array of strings (the Node SDK throws on other values; we reject the
 * context instead).
 *
 * @param list the raw list
 * @param where where it was found, for the message
 * @returns an error message, or `undefined` when the list is acceptable
 */
export function privateAttributesError(list: unknown, where: string): string | undefined {
  if (!list) return undefined;
  if (!Array.isArray(list)) return `${where} must be an array of strings`;
  for (let i = 0; i < list.length; i++) {
    if (typeof list[i] !== 'string') return `${where}[${i}] must be a string`;
  }
  return undefined;
}

/**
 * Parses a private-attribute list that {@link privateAttributesError} accepted.
 *
 * @param list the raw list (falsy ⇒ none)
 * @param literal true for legacy `privateAttributeNames` (literal names), false for references
 */
export function parsePrivateAttributes(list: unknown, literal: boolean): readonly AttributeRef[] {
  if (!list || !Array.isArray(list) || list.length === 0) return NO_PRIVATE_ATTRIBUTES;
  return Object.freeze(list.map((name: string) => (literal ? attributeRefFromLiteral(name) : parseAttributeRef(name))));
}
