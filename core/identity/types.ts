// The identity story as plain data: who an identity is, its sessions, how each got its credentials
// (the chain back to the first human or external identity), what it did in S3, from where.

/** What an id was found as. */
export type IdentityKind = 'accessKey' | 'principalArn' | 'role' | 'session' | 'principal' | 'user' | 'ip';

/** One session: a set of records made with one access key (or, without a key, one principal ARN). */
export interface SessionSummary {
  accessKeyId?: string;
  /** userIdentity.arn of the session's records. */
  arn?: string;
  principal?: string;
  identityType?: string;
  issuer?: string;
  /** sessionContext.attributes.creationDate (when the credentials were issued), else undefined. */
  created?: string;
  mfa?: 'true' | 'false';
  sourceIdentity?: string;
  /** How the calls were made: a console session, an AWS service on its behalf, or the API. */
  via: 'console' | 'service' | 'api';
  invokedBy?: string;
  first: string;
  last: string;
  records: number;
  /** Row ids of a few of its records (the first one first), to open them. */
  sampleRows: number[];
  /** Sessions this one was derived from: 0 = the identity itself, 1 = created by it, ... */
  depth: number;
}

/** One step of a credential chain, from a session back to whoever gave it its credentials. */
export type ChainStep =
  | {
      kind: 'issued';
      /** The call that issued the credentials: AssumeRole, AssumeRoleWithSAML, AssumeRoleWithWebIdentity, GetSessionToken, GetFederationToken. */
      eventName: string;
      time: string;
      eventID?: string;
      row: number;
      /** How the call and the session were linked. */
      linkedBy: 'accessKeyId' | 'sessionArn';
      /** The caller. */
      caller: { arn?: string; accessKeyId?: string; identityType?: string; principal?: string; sourceIP?: string };
      /** The credentials it issued. */
      issued: { accessKeyId?: string; arn?: string };
    }
  | {
      kind: 'console-sign-in';
      time: string;
      eventID?: string;
      row: number;
      /** ConsoleLogin carries no key: linked by the user's ARN and time (the last sign-in before the session). */
      linkedBy: 'userAndTime';
      caller: { arn?: string; principal?: string; sourceIP?: string };
    }
  | {
      /** The chain ends at an identity nobody issued in AWS: a long-term IAM user key, root, an external
       *  (SAML / web identity) user, or an AWS service. */
      kind: 'origin';
      origin: 'iam-user' | 'root' | 'external' | 'service' | 'account';
      arn?: string;
      accessKeyId?: string;
      description: string;
    }
  | {
      /** The link is not in this workspace: the story says so instead of inventing one. */
      kind: 'missing';
      accessKeyId?: string;
      arn?: string;
      description: string;
    };

export interface CredentialChain {
  /** The session the chain starts from (its access key or ARN). */
  session: string;
  /** From the session back to its origin (or to the missing link). */
  steps: ChainStep[];
}

export interface BucketActivity {
  bucket: string;
  reads: number;
  writes: number;
  deletes: number;
  errors: number;
  first: string;
  last: string;
  /** Records per UTC day (day ISO date -> count), oldest first. */
  days: { day: string; count: number }[];
}

export interface SeenValue {
  value: string;
  count: number;
  first: string;
  last: string;
}

/** A finding the identity takes part in (filled by the findings module once it exists). */
export interface StoryFinding {
  id: string;
  title: string;
  severity: string;
  rows: number[];
}

export interface IdentityStory {
  /** The id asked for, and what it was found as (undefined: found nowhere in the workspace). */
  id: string;
  kind?: IdentityKind;
  /** Records of the identity and of the sessions it created. */
  records: number;
  /** Of which S3 records. */
  s3Records: number;
  first?: string;
  last?: string;
  principals: string[];
  sessions: SessionSummary[];
  /** How the identity's sessions got their credentials, one chain per session with a distinct start. */
  chains: CredentialChain[];
  /** Credentials the identity issued that were never used in this workspace. */
  issuedUnused: { accessKeyId?: string; arn?: string; eventName: string; time: string; row: number }[];
  buckets: BucketActivity[];
  ips: SeenValue[];
  userAgents: SeenValue[];
  findings: StoryFinding[];
}
