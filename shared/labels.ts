const ACRONYMS = new Set(['id', 'ids', 'url', 'uri', 'ip', 'api', 'utc', 'html', 'sms', 'uuid', 'otp', 'csat', 'sla']);

/** The words of an identifier: `conversationId`, `conversation_id` and `conversation-id` give the same. */
export function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

/** "conversation_id" → "Conversation ID": Title Case with upper-case acronyms, for field labels. */
export function titleLabel(name: string): string {
  return words(name)
    .map((w) => (ACRONYMS.has(w.toLowerCase()) ? (w.toLowerCase() === 'ids' ? 'IDs' : w.toUpperCase()) : w[0]!.toUpperCase() + w.slice(1)))
    .join(' ');
}
