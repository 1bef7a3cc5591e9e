import { describe, expect, it } from 'vitest';
import { createMatcher } from '../../src/words/index.js';

const found = (from: string, to: string, text: string) => createMatcher([{ from, to }]).matchAll(text).map((match) => match.text);
const replaced = (from: string, to: string, text: string) => createMatcher([{ from, to }]).replaceAll(text);

describe('word matcher: a new name that holds the old words (user → app_user)', () => {
  const before = 'user getUser USER_NAME users User user-card';

  it('renames the old name once', () => {
    expect(replaced('user', 'app_user', before)).toBe('app_user getAppUser APP_USER_NAME app_users AppUser app-user-card');
  });

  it('does not take a site that already reads as the new name for a reference', () => {
    const after = replaced('user', 'app_user', before);
    expect(found('user', 'app_user', after)).toEqual([]);
    expect(replaced('user', 'app_user', after)).toBe(after);
    expect(found('user', 'app_user', 'app_user appUser APP_USER AppUser app-user validation_app_user "\\napp_user"')).toEqual([]);
  });

  it('still finds the old name next to other words', () => {
    expect(found('user', 'app_user', 'user snapp_user mapUser app_data_user userApp')).toEqual(['user', 'user', 'User', 'user', 'user']);
  });

  it('handles words after the old ones, and plurals of the new name', () => {
    const once = replaced('user', 'user_record', 'user users getUser USER');
    expect(once).toBe('user_record user_records getUserRecord USER_RECORD');
    expect(found('user', 'user_record', once)).toEqual([]);
    expect(found('user', 'user_record', 'user_records userRecords user_recording')).toEqual(['user']);
  });

  it('handles an old name of several words inside the new one', () => {
    const once = replaced('session_id', 'flow_session_id_v2', 'session_id sessionId SESSION_ID');
    expect(once).toBe('flow_session_id_v2 flowSessionIdV2 FLOW_SESSION_ID_V2');
    expect(found('session_id', 'flow_session_id_v2', once)).toEqual([]);
  });
});
