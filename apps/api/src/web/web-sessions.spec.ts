import { WebSessions } from './web-sessions.js';

describe('WebSessions', () => {
  const minutes = (n: number) => n * 60_000;
  let now: number;
  const clock = { now: () => new Date(now) };
  beforeEach(() => {
    now = Date.parse('2026-12-04T09:00:00Z');
  });

  it('keeps a session while it is used, each use restarting the idle time', () => {
    const sessions = new WebSessions(clock, minutes(30), minutes(8 * 60));
    const session = sessions.start('ovk_key');
    for (let step = 0; step < 5; step++) {
      now += minutes(29);
      expect(sessions.find(session.id)?.apiKey).toBe('ovk_key');
    }
  });

  it('ends a session left idle longer than the idle time', () => {
    const sessions = new WebSessions(clock, minutes(30), minutes(8 * 60));
    const session = sessions.start('ovk_key');
    now += minutes(30) + 1;
    expect(sessions.find(session.id)).toBeNull();
    // Gone for good: the time going back does not revive it.
    now -= minutes(30);
    expect(sessions.find(session.id)).toBeNull();
  });

  it('ends a session at its absolute time however busy it is', () => {
    const sessions = new WebSessions(clock, minutes(30), minutes(60));
    const session = sessions.start('ovk_key');
    now += minutes(29);
    expect(sessions.find(session.id)).not.toBeNull();
    now += minutes(29);
    expect(sessions.find(session.id)).not.toBeNull();
    now += minutes(3);
    expect(sessions.find(session.id)).toBeNull();
  });

  it('gives each session its own unguessable id and CSRF token, and forgets one signed out', () => {
    const sessions = new WebSessions(clock);
    const [a, b] = [sessions.start('ovk_a'), sessions.start('ovk_b')];
    expect(new Set([a.id, b.id, a.csrfToken, b.csrfToken]).size).toBe(4);
    expect(a.id.length).toBeGreaterThanOrEqual(43);
    sessions.end(a.id);
    expect(sessions.find(a.id)).toBeNull();
    expect(sessions.find(b.id)?.apiKey).toBe('ovk_b');
    expect(sessions.find(undefined)).toBeNull();
  });

  it('holds at most its capacity, letting the oldest go first', () => {
    const sessions = new WebSessions(clock, minutes(30), minutes(60), 2);
    const [first, second, third] = [sessions.start('ovk_1'), sessions.start('ovk_2'), sessions.start('ovk_3')];
    expect(sessions.find(first.id)).toBeNull();
    expect(sessions.find(second.id)?.apiKey).toBe('ovk_2');
    expect(sessions.find(third.id)?.apiKey).toBe('ovk_3');
  });
});
