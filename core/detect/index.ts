// core/detect: offline S3 detections over trail records. Rules are data (the built-in YAML pack, users'
// rule files, Sigma rules); findings group the matching records with their locations. Public face.

export { CHECKS, ELB_LOG_DELIVERY_ACCOUNTS, accountOfArn, type Check, type DetectContext } from './checks';
export { SEVERITIES, GROUP_FIELDS, severityRank, loadRuleText, parseDuration, type FindingSeverity, type GroupField, type PathCondition, type Rule } from './rules';
export { evaluateRule, principalKey, isSuccess, valuesAtPath, type DetectRecord, type Finding, type RecordLocation } from './engine';
export { compileSigma, loadSigmaText, isSigmaText, type SigmaRule } from './sigma';
export { FindingsStore, type FileShare } from './store';
export { setFilesFromIndex, resolveLineColumns, type FromIndexOptions } from './from-index';
export { builtinRules, loadRuleFolder, loadRules, readFileRecords, type RuleSet } from './load';
export { toSarif } from './sarif';
export { FactPlan, FACT_CHECKS, FACTS_READ, CONTEXT_CHECKS, type FactPlanSpec } from './facts';
export { findingRows, findingsOfRows } from './finding-rows';
