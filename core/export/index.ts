// Public face of the renderers of explorer results for people and other tools.

export { investigationReport, markdownText, recordLink } from './investigation-report';
export type { ReportInput } from './investigation-report';
export type { Pin, PinnedRowText } from '../protocol';
