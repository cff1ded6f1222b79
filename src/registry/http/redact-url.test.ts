import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact-url.js';

describe('redactUrl', () => {
  it.each([
    {
      name: 'plain URL unchanged',
      input: 'https://reg.example/v2/library/alpine/manifests/3.20',
      want: 'https://reg.example/v2/library/alpine/manifests/3.20',
    },
    {
      name: 'userinfo dropped',
      input: 'https://user:S3CR3T-xyz@reg.example:5000/v2/',
      want: 'https://reg.example:5000/v2/',
    },
    {
      name: 'distribution upload _state',
      input: 'https://reg.example/v2/x/blobs/uploads/abc?_state=S3CR3T-xyz&digest=sha256%3Aaa',
      want: 'https://reg.example/v2/x/blobs/uploads/abc?_state=REDACTED&digest=sha256%3Aaa',
    },
    {
      name: 'S3 presigned query',
      input:
        'https://bucket.s3.amazonaws.com/blob?X-Amz-Algorithm=AWS4&X-Amz-Credential=AKIA&X-Amz-Signature=S3CR3T-xyz&X-Amz-Security-Token=t',
      want: 'https://bucket.s3.amazonaws.com/blob?X-Amz-Algorithm=REDACTED&X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED&X-Amz-Security-Token=REDACTED',
    },
    {
      name: 'Azure SAS sig',
      input: 'https://acct.blob.core.windows.net/c/b?sv=2020&sig=S3CR3T-xyz',
      want: 'https://acct.blob.core.windows.net/c/b?sv=2020&sig=REDACTED',
    },
    {
      name: 'CloudFront Signature, case-insensitive',
      input: 'https://cdn.example/b?Expires=1&Signature=S3CR3T-xyz&Key-Pair-Id=K',
      want: 'https://cdn.example/b?Expires=1&Signature=REDACTED&Key-Pair-Id=K',
    },
    {
      name: 'token parameters',
      input: 'https://auth.example/token?service=reg&access_token=S3CR3T-xyz&refresh_token=S3CR3T-xyz',
      want: 'https://auth.example/token?service=reg&access_token=REDACTED&refresh_token=REDACTED',
    },
    {
      name: 'tag pagination kept',
      input: 'https://r/v2/x/tags/list?n=100&last=v1',
      want: 'https://r/v2/x/tags/list?n=100&last=v1',
    },
    { name: 'invalid URL', input: 'not a url', want: '<invalid URL>' },
  ])('$name', ({ input, want }) => {
    const out = redactUrl(input);
    expect(out).toBe(want);
    expect(out).not.toContain('S3CR3T');
  });

  it('accepts a URL object and leaves it unchanged', () => {
    const url = new URL('https://u:p@r.example/v2/?token=abc');
    expect(redactUrl(url)).toBe('https://r.example/v2/?token=REDACTED');
    expect(url.href).toBe('https://u:p@r.example/v2/?token=abc');
  });
});
