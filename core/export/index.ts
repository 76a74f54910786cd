// Public face of the renderers of explorer results for people and other tools: CSV cells (formula-safe),
// row files (CSV / JSON, streamed) and the investigation report.

export { csvCell, csvHeader, csvLine, csvRow, rowObject } from './csv';
export { writeRows } from './write-rows';

export { investigationReport, markdownText, recordLink } from './investigation-report';
export type { ReportInput } from './investigation-report';
export type { Pin, PinnedRowText } from '../protocol';
