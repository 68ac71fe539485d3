export {
  buildMakeApp,
  isInstantTrigger,
  SECTIONS,
  type MakeApp,
  type MakeModule,
  type MakeInstantTrigger,
  type MakeUniversalModule,
  type MakeRpc,
  type MakeWebhook,
  type MakeConnection,
} from './model';
export { archiveFiles, archiveZip, archiveFileName } from './archive';
export { localProjectFiles } from './local-project';
export { exportMake, type ExportResult } from './export';
export { deployMake, MakeApiError, type DeployOptions, type DeployResult } from './deploy';
export { interfaceFromFields, type MakeParam } from './interface';
export { APP_NAME_RE, COMPONENT_NAME_RE } from './names';
export { evaluate, executeRequest, processWebhook, renderIml, ImlError, OMIT } from './iml';
export { moduleGroups, groupOf, type MakeGroup } from './groups';
export { AUTHENTIC } from './webhooks';
