// The decision points of a status write that a deviation profile may change: the serializer's rules for each body
// field, what an accepted update does with a field, and how the edit time moves. The defaults are what the DRF
// serializer behind /api/v2/status/ does (seed 004's parameter table; api-behaviour.md Part B).

import type { Route } from '../hooks.js';

export type StatusField = 'action' | 'text' | 'categories' | 'medias' | 'location' | 'addressing';

/**
 * `required`: a full write (POST, PUT) without the field is refused; `nullable`: null is accepted; `non-empty`: an
 * empty list is refused; `exists`: every id in the list must name an existing object.
 */
export type StatusRule = 'required' | 'nullable' | 'non-empty' | 'exists';

/** What an accepted update does with a field it was sent: stores it, only echoes it in the reply, or ignores it. */
export type FieldWrite = 'stored' | 'echoed' | 'ignored';

export interface ScStatusHooks {
  /** Whether a rule applies to a status body field, given whether the documented serializer applies it. */
  statusRule(route: Route, field: StatusField, rule: StatusRule, documented: boolean): boolean;
  /** What an accepted update does with a field the body carries. */
  statusFieldWrite(route: Route, field: StatusField): FieldWrite;
  /** The last_edited_at an edit stores, given the stored one and the time of this edit. */
  editedAt(route: Route, stored: string | null, now: string): string;
}

export const scStatusConformant: ScStatusHooks = {
  statusRule: (_route, _field, _rule, documented) => documented,
  statusFieldWrite: () => 'stored',
  editedAt: (_route, _stored, now) => now,
};
