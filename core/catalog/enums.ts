// Enum values of record fields, taken from the field docs so there is one source of truth.

import { fieldDoc } from './fields';

function valuesOf(path: string[]): readonly string[] {
  return Object.freeze((fieldDoc(path)?.values ?? []).map((v) => v.value));
}

/** eventType values: AwsApiCall, AwsServiceEvent, AwsConsoleAction, AwsConsoleSignIn, AwsVpceEvent, AwsCloudTrailInsight. */
export const EVENT_TYPES: readonly string[] = valuesOf(['eventType']);
/** eventCategory values: Management, Data, NetworkActivity, Insight. */
export const EVENT_CATEGORIES: readonly string[] = valuesOf(['eventCategory']);
/** userIdentity.type values. */
export const IDENTITY_TYPES: readonly string[] = valuesOf(['userIdentity', 'type']);
