// Public face of the identity story: sessions and credential chains computed from the index
// (story.ts), and the plain-data story they make (types.ts).

export { identityStory, identityRows, identityOfRow, resolveIdentity, ISSUING_EVENTS, type StoryOptions } from './story';
export type {
  BucketActivity, ChainStep, CredentialChain, IdentityKind, IdentityStory, SeenValue, SessionSummary, StoryFinding,
} from './types';
