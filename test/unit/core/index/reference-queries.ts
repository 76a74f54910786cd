// Queries that use every field and operator of the query language at least once: what index tests compare.

export const REFERENCE_QUERIES = [
  '', 'eventName:GetObject', 'eventName:get*,put*', '-eventName:GetObject', 'bucket:prod-logs', '-bucket:*',
  'key:"spaces in key.pdf"', 'key:logs/*', 'user:*level3*', '-user:*ci*', 'identity:assumedrole', 'account:111122223333',
  'recipient:444455556666', 'region:eu-*', 'ip:10.0.0.0/8', 'ip:192.168.*', 'ip:"2001:db8::/32"', 'agent:*boto3*',
  'error:*', '-error:*', 'error:AccessDenied,NoSuchKey', 'type:data access:write', 'crossaccount:true',
  'anonymous:true eventName:GetObject', 'requestid:REQ*', 'eventid:e-5-10', 'since:2026-01-02 until:2026-01-02T12:00:00Z',
  '-since:2026-01-02', 'since:-24h', 'source:*', 'source:sts.amazonaws.com', '-source:s3.amazonaws.com', 'admin',
  '2026-01-02', 'ünïcode', 'mozilla -error:* bucket:prod*,dev*',
];

/** Single terms of every kind the evaluator treats apart (one code column of each width, negated, several columns,
 *  the time bounds, a scope term, a bare word over every string column): what random queries are made of. */
export const TERM_KINDS = [
  'eventName:GetObject', 'eventName:get*,put*', '-eventName:ListObjects', 'bucket:prod-logs', '-bucket:*', 'region:eu-*',
  '-error:*', 'error:AccessDenied,NoSuchKey', 'identity:assumedrole', 'ip:10.0.0.0/8', 'user:*level3*', '-user:*ci*',
  'since:2026-01-02', 'until:2026-01-02T12:00:00Z', '-since:2026-01-03', 'key:logs/*', 'access:write', 'agent:*boto3*',
  'source:*', '2026-01-02', 'admin',
];
