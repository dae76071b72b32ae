/**
 * Records whose words can be removed (crypto-shredding: their data key is destroyed), each with
 * the fields its key seals. A correction is a new comment plus a redaction of the wrong one.
 */
export const REDACTABLE_FIELDS = {
  comment: ['text'],
  action: ['description', 'successMeasure', 'experienceOfChildren'],
  evidence: ['title', 'location', 'fileName'],
  recommendation: ['text'],
  /**
   * The reasons given on an action's stream (the envelope's `reason`), sealed under one key per
   * stream: all of them at once, except a comment's or evidence item's (under its own key, removed
   * with it) and an import's (under the import's key).
   */
  reasons: ['reason'],
} as const;
export type RedactableKind = keyof typeof REDACTABLE_FIELDS;
export const REDACTABLE_KINDS = Object.keys(REDACTABLE_FIELDS) as RedactableKind[];

/**
 * The words of one record were removed: its data key is destroyed, and from then on every view
 * shows `replacement` where they were. On the stream of the record (an action's for a comment,
 * its wording or evidence; a recommendation's for its text). Who, when and why are in the
 * envelope (actor, recorded time, reason), as for every event.
 */
export type Redacted = {
  type: 'Redacted';
  data: {
    kind: RedactableKind;
    /** The comment's, action's, evidence item's or recommendation's id (the action's for its reasons). */
    id: string;
    fields: string[];
    /** "[removed on 4 December 2026 by Ada Admin: personal data entered in error]". */
    replacement: string;
  };
};
