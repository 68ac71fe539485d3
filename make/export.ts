import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PLATFORM_IDS, type PlatformId } from '../shared';
import { archiveFileName, archiveZip } from './archive';
import { localProjectFiles } from './local-project';
import { buildMakeApp } from './model';

export interface ExportResult {
  readonly platform: PlatformId;
  readonly archive: string;
  readonly project: string;
  readonly modules: number;
}

/** Writes `<out>/<app>.zip` and `<out>/<app>/` (local-development project) for each platform. */
export function exportMake(outDir: string, platforms: readonly PlatformId[] = PLATFORM_IDS): ExportResult[] {
  mkdirSync(outDir, { recursive: true });
  return platforms.map((platform) => {
    const app = buildMakeApp(platform);
    const archive = join(outDir, archiveFileName(app));
    writeFileSync(archive, archiveZip(app));
    const project = join(outDir, app.name);
    for (const [path, content] of localProjectFiles(app)) {
      const file = join(project, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
    return { platform, archive, project, modules: app.modules.length };
  });
}
