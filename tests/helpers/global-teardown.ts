import { rmSync } from 'node:fs';
import type { PostgresService, TemporalService } from '../../scripts/services';

export default async function globalTeardown(): Promise<void> {
  const services = (globalThis as Record<string, unknown>).__DISPATCH_SERVICES__ as
    { pgService: PostgresService; temporal: TemporalService; dir: string } | undefined;
  if (!services) return;
  await services.temporal.stop();
  await services.pgService.stop();
  rmSync(services.dir, { recursive: true, force: true });
}
