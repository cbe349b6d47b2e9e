// The part of Allure's result format (allure-results/*-result.json) that Vouch reads and writes.

export type AllureStatus = 'passed' | 'failed' | 'broken' | 'skipped' | 'unknown';

export interface AllureLabel {
  name: string;
  value: string;
}

export interface AllureLink {
  name?: string;
  url: string;
  type?: string;
}

export interface AllureParameter {
  name: string;
  value: string;
  excluded?: boolean;
  mode?: 'default' | 'hidden' | 'masked';
}

export interface AllureAttachment {
  name: string;
  source: string;
  type: string;
}

export interface AllureStatusDetails {
  message?: string;
  trace?: string;
  known?: boolean;
  muted?: boolean;
  flaky?: boolean;
}

export interface AllureStep {
  name: string;
  status?: AllureStatus;
  statusDetails: AllureStatusDetails;
  stage: string;
  steps: AllureStep[];
  attachments: AllureAttachment[];
  parameters: AllureParameter[];
  start?: number;
  stop?: number;
  uuid?: string;
}

export interface AllureResult extends AllureStep {
  uuid: string;
  historyId?: string;
  testCaseId?: string;
  fullName?: string;
  titlePath?: string[];
  description?: string;
  descriptionHtml?: string;
  labels: AllureLabel[];
  links: AllureLink[];
}

export interface AllureCategory {
  name: string;
  matchedStatuses?: AllureStatus[];
  messageRegex?: string;
  traceRegex?: string;
}

export function labelValue(r: AllureResult, name: string): string | undefined {
  return r.labels.find((l) => l.name === name)?.value;
}
