import { Body, Controller, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AuthContext, Policy } from '@rep-hub/auth';
import { JobQueue, PROBE_JOB, problem, QueueHealth, QueueName, UnitOfWork } from '@rep-hub/platform';
import { IsInt, Max, Min } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { FailedJobListDto, QueueProbeDto, ProbeStatusDto, QueuesDto } from '../responses/core.responses';

export class ProbeDto {
  @ApiProperty({ description: 'How long the probe job waits before completing (0–30000 ms)', example: 0 })
  @IsInt()
  @Min(0)
  @Max(30_000)
  delayMs: number;
}

/** Queue health for the platform admin: counts per state, failed jobs and retry, and a pipeline probe. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/queues')
export class QueuesController {
  constructor(
    private readonly health: QueueHealth,
    private readonly jobs: JobQueue,
    private readonly uow: UnitOfWork,
    private readonly auth: AuthContext,
  ) {}

  @Policy('manage', 'Platform')
  @Get()
  @ApiOperation({ summary: 'Jobs per queue and state (BullMQ in production; the outbox in the embedded mode)' })
  @ApiOkResponse({ type: QueuesDto, example: { backend: 'bullmq', queues: [{ queue: 'notifications', counts: { waiting: 0, active: 1, delayed: 0, completed: 12, failed: 1 } }] } })
  async counts() {
    return { backend: this.health.backend, queues: await this.health.counts() };
  }

  @Policy('manage', 'Platform')
  @Get(':queue/failed')
  @ApiOperation({ summary: 'Failed jobs of a queue, with their error (class and code only)' })
  @ApiOkResponse({ type: FailedJobListDto, example: { items: [{ id: '4f1c2d3e', name: 'notifications.invite', tenantId: '00000000-0000-0000-0000-000000000000', attemptsMade: 5, failedReason: 'NotifyError (429)', failedAt: '2026-11-27T10:00:00.000Z' }] } })
  async failed(@Param('queue') queue: string) {
    return { items: await this.health.failed(queue as QueueName) };
  }

  @Policy('manage', 'Platform')
  @Post(':queue/failed/:jobId/retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Retry a failed job' })
  async retry(@Param('queue') queue: string, @Param('jobId') jobId: string): Promise<{ retried: true }> {
    await this.health.retry(queue as QueueName, jobId);
    return { retried: true };
  }

  @Policy('manage', 'Platform')
  @Post('probes')
  @ApiOperation({ summary: 'Send a probe job through the whole pipeline (outbox, relay, queue, worker); check it with GET' })
  @ApiCreatedResponse({ type: QueueProbeDto, example: { id: '6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d', requestedAt: '2026-11-27T10:00:00.000Z', completedAt: null } })
  probe(@Body() body: ProbeDto) {
    const id = randomUUID();
    return this.uow.forPlatform(this.auth.principal.userId, async (m) => {
      await m.query(`INSERT INTO job_probes (id) VALUES ($1)`, [id]);
      await this.jobs.enqueue(PROBE_JOB, { probeId: id, delayMs: body.delayMs }, { idempotencyKey: `probe:${id}` });
      return { id, requestedAt: new Date().toISOString(), completedAt: null };
    });
  }

  @Policy('manage', 'Platform')
  @Get('probes/:id')
  @ApiOperation({ summary: 'Whether a probe job has completed (and on which attempt)' })
  @ApiOkResponse({ type: ProbeStatusDto, example: { id: '6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d', requestedAt: '2026-11-27T10:00:00.000Z', completedAt: '2026-11-27T10:00:00.400Z', completedAttempt: 1 } })
  async probeStatus(@Param('id', ParseUUIDPipe) id: string) {
    const [row] = (await this.uow.forPlatform(this.auth.principal.userId, (m) =>
      m.query(`SELECT id, requested_at, completed_at, completed_attempt FROM job_probes WHERE id = $1`, [id]),
    )) as { id: string; requested_at: Date; completed_at: Date | null; completed_attempt: number | null }[];
    if (!row) throw new NotFoundException(problem(404, 'There is no such probe.'));
    return { id: row.id, requestedAt: row.requested_at.toISOString(), completedAt: row.completed_at?.toISOString() ?? null, completedAttempt: row.completed_attempt };
  }
}
