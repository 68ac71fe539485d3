import {
  anyEventDescription,
  eventPhrase,
  getPlatform,
  nounOf,
  plural,
  singular,
  titleCase,
  triggerDescription,
  whenClause,
} from '../../shared';

describe('event wording (what Zapier and Make call an event, from its catalog label)', () => {
  it.each([
    ['Conversation created', { subject: 'Conversation', verb: 'created' }],
    ['New message', { subject: 'message', verb: 'created' }],
    ['Call transferred to a human', { subject: 'Call', verb: 'transferred to a human' }],
    ['Automation rule: conversation opened', { qualifier: 'Automation rule', subject: 'conversation', verb: 'opened' }],
    ['App set to draft', { subject: 'App', verb: 'set to draft' }],
    ['Login with code', { subject: 'Login with code' }],
    ['Reindex of type canceled', { subject: 'Reindex of type', verb: 'canceled' }],
  ])('parses "%s"', (label, phrase) => {
    expect(eventPhrase(label)).toEqual(phrase);
  });

  it('title-cases like a headline: short words low inside, acronyms up, brands kept', () => {
    expect(titleCase('call transferred to a human')).toBe('Call Transferred to a Human');
    expect(titleCase('login with otp code on')).toBe('Login with OTP Code On');
    expect(titleCase('new iOS message')).toBe('New iOS Message');
  });

  it('makes plurals and singulars of the head noun', () => {
    expect(['conversation', 'entry', 'inbox', 'status', 'reindex of type', 'templates'].map(plural)).toEqual([
      'conversations',
      'entries',
      'inboxes',
      'statuses',
      'reindexes of type',
      'templates',
    ]);
    expect(['Templates', 'Entries', 'Inboxes', 'Status'].map(singular)).toEqual(['Template', 'Entry', 'Inbox', 'Status']);
  });

  it('nouns: at most three words, a prepositional phrase or a particle dropped first', () => {
    expect(nounOf(eventPhrase('Login with code attempt failed'))).toBe('Login Attempt');
    expect(nounOf(eventPhrase('Conversation typing on'))).toBe('Conversation Typing');
    expect(nounOf(eventPhrase('Templates sent to review'))).toBe('Template');
  });

  it('writes the "Triggers when" clause with the right article, number and voice', () => {
    const iris = getPlatform('iris');
    expect(whenClause(iris, eventPhrase('Inbound interaction created'))).toBe('an inbound interaction is created');
    expect(whenClause(iris, eventPhrase('Interaction custom status changed'))).toBe("an interaction's custom status changes");
    expect(whenClause(iris, eventPhrase('User password reset'))).toBe('a user password is reset');
    expect(whenClause(iris, eventPhrase('Templates sent to review'))).toBe('templates are sent to review');
    expect(whenClause(iris, eventPhrase('Login attempt failed'))).toBe('a login attempt fails');
    expect(whenClause(iris, eventPhrase('User signup'))).toBe('Iris reports a user signup');
  });

  it('descriptions: the sentence, then what the catalog adds, never a restatement of the label', () => {
    const modyo = getPlatform('modyo');
    const page = modyo.events.find((e) => e.type === 'layout_page_published_log')!;
    expect(triggerDescription(modyo, page)).toBe(
      "Triggers when a page is published. A page of an app was published. Sent by Modyo's App webhooks.",
    );
    const conversa = getPlatform('conversa');
    const status = conversa.events.find((e) => e.type === 'conversation_status_changed')!;
    expect(triggerDescription(conversa, status)).toMatch(
      /^Triggers when a conversation's status changes\. A conversation was opened, .*as its status field says\. Sent by: account webhook, API channel inbox, agent bot\.$/,
    );
    const rule = conversa.events.find((e) => e.type === 'automation_event.message_created')!;
    expect(triggerDescription(conversa, rule)).toMatch(
      /^Triggers when a message is created \(sent by an automation rule\)\. An automation rule that runs when a message is created posted the conversation/,
    );
    expect(anyEventDescription(getPlatform('standard'))).toMatch(/^Triggers when Standard Webhooks sends an event/);
  });
});
