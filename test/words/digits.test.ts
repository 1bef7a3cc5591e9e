import { describe, expect, it } from 'vitest';
import { createMatcher, splitWords } from '../../src/words/index.js';

const replaced = (from: string, to: string, text: string) => createMatcher([{ from, to }]).replaceAll(text);
const found = (from: string, text: string) => createMatcher([{ from, to: 'x' }]).matchAll(text).map((match) => match.text);

// change-case's split (default options) keeps digits with the letters before them; renamer follows it.
describe('splitWords with digits', () => {
  it.each([
    ['s3_bucket', ['s3', 'bucket']],
    ['s3Bucket', ['s3', 'bucket']],
    ['S3Bucket', ['s3', 'bucket']],
    ['S3_BUCKET', ['s3', 'bucket']],
    ['s3-bucket', ['s3', 'bucket']],
    ['oauth2Token', ['oauth2', 'token']],
    ['sha256_sum', ['sha256', 'sum']],
    ['SHA256Sum', ['sha256', 'sum']],
    ['flowIdV2', ['flow', 'id', 'v2']],
    ['flow_id_v2', ['flow', 'id', 'v2']],
    ['v2', ['v2']],
    ['2fa', ['2fa']],
  ])('%s', (name, words) => expect(splitWords(name)).toEqual(words));
});

describe('word matcher: a name with digits (s3_bucket → storage_bucket)', () => {
  it.each([
    ['s3_bucket', 'storage_bucket'],
    ['s3Bucket', 'storageBucket'],
    ['S3Bucket', 'StorageBucket'],
    ['S3_BUCKET', 'STORAGE_BUCKET'],
    ['s3-bucket', 'storage-bucket'],
    ['s3_buckets', 'storage_buckets'],
    ['validation_s3_bucket', 'validation_storage_bucket'],
    ['validationS3Bucket', 'validationStorageBucket'],
    ['VALIDATION_S3_BUCKET', 'VALIDATION_STORAGE_BUCKET'],
    ['getS3Bucket()', 'getStorageBucket()'],
    ['s3_bucket_name', 'storage_bucket_name'],
  ])('%s → %s', (text, expected) => expect(replaced('s3_bucket', 'storage_bucket', text)).toBe(expected));

  it.each(['s34_bucket', 'as3_bucket', 'xs3Bucket', 's3bucket', 'S3BUCKET', 's3_bucket2', 's3_bucketing'])('does not match %s', (text) =>
    expect(found('s3_bucket', text)).toEqual([]),
  );
});

describe('word matcher: digits stay with their word', () => {
  it('does not take a letter+digit run apart', () => {
    expect(found('oauth', 'oauth2Token oauth_token OAUTH_TOKEN OauthToken')).toEqual(['oauth', 'OAUTH', 'Oauth']);
    expect(found('oauth2', 'oauth2Token oauth_token OAUTH2_TOKEN')).toEqual(['oauth2', 'OAUTH2']);
    expect(found('sha256', 'sha256_sum SHA256Sum sha2560')).toEqual(['sha256', 'SHA256']);
    expect(found('v', 'v2 v_2 V2Api')).toEqual(['v']);
    expect(found('session', 'session2 v2session v2Session')).toEqual(['Session']);
  });

  it('starts a word at a capital after a digit, as change-case does', () => {
    expect(replaced('bucket', 'store', 's3Bucket S3Bucket s3bucket')).toBe('s3Store S3Store s3bucket');
  });

  it('reads a capital followed by digits (S3, V2) as Capitalised or upper case from the rest of the name', () => {
    expect(replaced('s3', 'storage', 'S3Bucket getS3 S3_BUCKET MY_S3 s3 S3')).toBe('StorageBucket getStorage STORAGE_BUCKET MY_STORAGE storage Storage');
    expect(replaced('x_id', 'pos_id', 'XId X_ID getXId')).toBe('PosId POS_ID getPosId');
  });
});

describe('word matcher: digits in the new name are kept whole', () => {
  it.each([
    ['session_id', 's3_key', 'session_id sessionId SESSION_ID SessionId session-id', 's3_key s3Key S3_KEY S3Key s3-key'],
    ['session_id', 'flow_id_v2', 'session_id sessionId SESSION_ID SessionId', 'flow_id_v2 flowIdV2 FLOW_ID_V2 FlowIdV2'],
    ['token', 'oauth2_token', 'token getToken TOKEN_TTL tokens', 'oauth2_token getOauth2Token OAUTH2_TOKEN_TTL oauth2_tokens'],
    ['checksum', 'sha256_sum', 'checksum fileChecksum CHECKSUM', 'sha256_sum fileSha256Sum SHA256_SUM'],
  ])('%s → %s', (from, to, text, expected) => expect(replaced(from, to, text)).toBe(expected));
});
