// The session a record was made with, as userIdentity tells it: access key, role session name, session
// issuer, source identity, MFA, console sign-in. The identity story and the query terms accesskey:,
// session:, issuer:, sourceidentity:, mfa: and console: read these (one definition of each).

import { text, type RawRecord } from './accessors';

function obj(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function nonEmpty(v: unknown): string | undefined {
  const s = text(v);
  return s === undefined || s === '' ? undefined : s;
}

/** userIdentity.accessKeyId (AKIA: long-term key of a user; ASIA: temporary credentials of a session). */
export function accessKeyIdOf(r: RawRecord): string | undefined {
  return nonEmpty(obj(r.userIdentity)?.accessKeyId);
}

/** userIdentity.sessionContext.sessionIssuer.arn: the role (or user, for federation) the session is of. */
export function issuerArnOf(r: RawRecord): string | undefined {
  return nonEmpty(obj(obj(obj(r.userIdentity)?.sessionContext)?.sessionIssuer)?.arn);
}

/** userIdentity.sessionContext.sourceIdentity: the identity a role chain carries from its first AssumeRole. */
export function sourceIdentityOf(r: RawRecord): string | undefined {
  return nonEmpty(obj(obj(r.userIdentity)?.sessionContext)?.sourceIdentity);
}

/** 'true' / 'false' from sessionContext.attributes.mfaAuthenticated (a string in CloudTrail, a boolean in
 *  some exports); undefined when the record does not say (long-term keys, services). */
export function mfaOf(r: RawRecord): 'true' | 'false' | undefined {
  return flagValue(obj(obj(obj(r.userIdentity)?.sessionContext)?.attributes)?.mfaAuthenticated);
}

/** 'true' when userIdentity.sessionCredentialFromConsole says the session came from a console sign-in. */
export function consoleOf(r: RawRecord): 'true' | 'false' {
  return flagValue(obj(r.userIdentity)?.sessionCredentialFromConsole) === 'true' ? 'true' : 'false';
}

export function flagValue(v: unknown): 'true' | 'false' | undefined {
  if (v === true || v === false) return v ? 'true' : 'false';
  if (typeof v !== 'string') return undefined;
  const s = v.toLowerCase();
  return s === 'true' ? 'true' : s === 'false' ? 'false' : undefined;
}

/** The role session name of an assumed-role ARN (`arn:aws:sts::1:assumed-role/Role/session`), the name of
 *  a federated user (`federated-user/name`); undefined for other ARNs. */
export function sessionNameOfArn(arn: string | undefined): string | undefined {
  if (arn === undefined) return undefined;
  const m = /^arn:aws[a-z-]*:sts::[^:]*:(?:assumed-role\/[^/]+|federated-user)\/(.+)$/s.exec(arn);
  return m ? m[1] : undefined;
}

/** The role ARN an assumed-role session ARN is of: `arn:aws:sts::1:assumed-role/R/s` -> `arn:aws:iam::1:role/R`. */
export function roleArnOfSession(arn: string): string | undefined {
  const m = /^arn:(aws[a-z-]*):sts::([^:]*):assumed-role\/([^/]+)\/.+$/s.exec(arn);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : undefined;
}

/** responseElements.credentials.accessKeyId: the temporary key an sts call issued. */
export function issuedAccessKeyIdOf(r: RawRecord): string | undefined {
  return nonEmpty(obj(obj(r.responseElements)?.credentials)?.accessKeyId);
}

/** responseElements.assumedRoleUser.arn: the role session an AssumeRole* call created. */
export function issuedArnOf(r: RawRecord): string | undefined {
  return nonEmpty(obj(obj(r.responseElements)?.assumedRoleUser)?.arn);
}

/** userIdentity.invokedBy: the AWS service that made the call for the principal. */
export function invokedByOf(r: RawRecord): string | undefined {
  return nonEmpty(obj(r.userIdentity)?.invokedBy);
}

/** userIdentity.sessionContext.attributes.creationDate: when the session's credentials were issued. */
export function sessionCreationDateOf(r: RawRecord): string | undefined {
  return nonEmpty(obj(obj(obj(r.userIdentity)?.sessionContext)?.attributes)?.creationDate);
}
