/** The programme pages' "saved" banners (the general form helpers are in src/web/forms.ts). */
export function flashFrom(query: unknown): string | undefined {
  const saved = (query as Record<string, string | undefined> | undefined)?.saved;
  const messages: Record<string, string> = {
    '1': 'Saved',
    placed: 'Placed in the group',
    waiting: 'Added to the waiting list',
    generated: 'Sessions planned',
    ended: 'Non-association ended',
  };
  return saved ? (messages[saved] ?? 'Saved') : undefined;
}
