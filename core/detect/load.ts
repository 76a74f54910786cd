// Where rules and records come from: the built-in pack, a folder of user rule files (rule-pack YAML or
// Sigma, told apart by their keys), and the records of one trail file with the location of each.

import fs from 'node:fs';
import path from 'node:path';
import type { Problem } from '../problem';
import { parseRecord, readRecordStream } from '../parse';
import type { RawRecord } from '../record';
import { BUILTIN_RULES_YAML } from './builtin-pack';
import type { RecordLocation } from './engine';
import { loadRuleText, type Rule } from './rules';
import { isSigmaText, loadSigmaText, type SigmaRule } from './sigma';

export function builtinRules(): Rule[] {
  const { rules, problems } = loadRuleText(BUILTIN_RULES_YAML, 'builtin');
  if (problems.length > 0) throw new Error(`built-in rule pack: ${problems.map((p) => p.message).join('; ')}`);
  return rules;
}

export interface RuleSet {
  rules: Rule[];
  sigma: SigmaRule[];
  problems: Problem[];
  /** Sigma documents for other log sources, left out. */
  skipped: number;
}

/** The `*.yml` / `*.yaml` files of a folder (not recursive), in name order. A missing folder is no rules. */
export function loadRuleFolder(dir: string): RuleSet {
  const out: RuleSet = { rules: [], sigma: [], problems: [], skipped: 0 };
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => /\.ya?ml$/i.test(n)).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') out.problems.push({ file: dir, code: 'unreadable', severity: 'error', message: (e as Error).message });
    return out;
  }
  for (const name of names) {
    const file = path.join(dir, name);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      out.problems.push({ file, code: 'unreadable', severity: 'error', message: (e as Error).message });
      continue;
    }
    if (isSigmaText(text)) {
      const r = loadSigmaText(text, file);
      out.sigma.push(...r.rules);
      out.problems.push(...r.problems);
      out.skipped += r.skipped;
    } else {
      const r = loadRuleText(text, file);
      out.rules.push(...r.rules);
      out.problems.push(...r.problems);
    }
  }
  return out;
}

/** Built-in rules plus a user folder's; a user rule with a built-in id replaces it (tuning a threshold). */
export function loadRules(userDir?: string): RuleSet {
  const user = userDir ? loadRuleFolder(userDir) : { rules: [], sigma: [], problems: [], skipped: 0 };
  const overridden = new Set(user.rules.map((r) => r.id));
  return { ...user, rules: [...builtinRules().filter((r) => !overridden.has(r.id)), ...user.rules] };
}

/** Every record of a trail file with its location; damaged records become problems and the rest still come. */
export async function readFileRecords(file: string, onProblem: (p: Problem) => void, limits = { maxFileBytes: 2048 * 1024 * 1024, maxInflatedBytes: 4096 * 1024 * 1024 }): Promise<{ raw: RawRecord; loc: RecordLocation }[]> {
  const out: { raw: RawRecord; loc: RecordLocation }[] = [];
  // A second top-level Records key: as JSON.parse reads the file, the records before it in the same top-level
  // object are not its records (ordinals from keep on); those of objects concatenated before it are.
  const onRestart = (keep: number): void => {
    while (out.length > 0 && out[out.length - 1].loc.ordinal >= keep) out.pop();
  };
  for await (const batch of readRecordStream(file, { ...limits, onProblem, onRestart })) {
    for (const span of batch) {
      const parsed = parseRecord(span, file);
      if (parsed.problem) {
        onProblem(parsed.problem);
        continue;
      }
      out.push({ raw: parsed.record, loc: { file, offset: span.offset, length: span.length, ordinal: span.ordinal, line: span.line, column: span.column } });
    }
  }
  return out;
}
