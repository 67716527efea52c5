import { Body, Controller, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExcludeEndpoint,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { AuthContext, Policy } from '@rep-hub/auth';
import { JobQueue, PROBE_JOB, problem, QueueHealth, QueueName, UnitOfWork } from '@rep-hub/platform';
import { IsInt, Max, Min } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { FailedJobListDto, ProbeStatusDto, QueueProbeDto, QueuesDto, RetriedDto } from '../responses/core.responses';

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
  @ApiOkResponse({
    type: QueuesDto,
    example: {
      backend: 'bullmq',
      queues: [{ queue: 'notifications', counts: { waiting: 0, active: 1, delayed: 0, completed: 12, failed: 1 } }],
    },
  })
  async counts() {
    return { backend: this.health.backend, queues: await this.health.counts() };
  }

  @Policy('manage', 'Platform')
  @Get(':queue/failed')
  @ApiOperation({ summary: 'Failed jobs of a queue, with their error (class and code only)' })
  @ApiOkResponse({
    type: FailedJobListDto,
    example: {
      items: [
        {
          id: '4f1c2d3e',
          name: 'notifications.invite',
          tenantId: '00000000-0000-0000-0000-000000000000',
          attemptsMade: 5,
          failedReason: 'NotifyError (429)',
          failedAt: '2026-11-27T10:00:00.000Z',
        },
      ],
    },
  })
  async failed(@Param('queue') queue: string) {
    return { items: await this.health.failed(queue as QueueName) };
  }

  @Policy('manage', 'Platform')
  @Post(':queue/failed/:jobId/retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Retry a failed job' })
  @ApiAcceptedResponse({ type: RetriedDto, example: { retried: true } })
  async retry(@Param('queue') queue: string, @Param('jobId') jobId: string): Promise<{ retried: true }> {
    await this.health.retry(queue as QueueName, jobId);
    return { retried: true };
  }

  /** The probe's first address, before /api/v1/admin/queue-probes: still answered, no longer in the document. */
  @Policy('manage', 'Platform')
  @Post('probes')
  @ApiExcludeEndpoint()
  probe(@Body() body: ProbeDto) {
    return startProbe(this.uow, this.auth, this.jobs, body);
  }

  /** See probe(): the old address of GET /api/v1/admin/queue-probes/{id}. */
  @Policy('manage', 'Platform')
  @Get('probes/:id')
  @ApiExcludeEndpoint()
  probeStatus(@Param('id', ParseUUIDPipe) id: string) {
    return readProbe(this.uow, this.auth, id);
  }
}

function startProbe(uow: UnitOfWork, auth: AuthContext, jobs: JobQueue, body: ProbeDto): Promise<QueueProbeDto> {
  const id = randomUUID();
  return uow.forPlatform(auth.principal.userId, async (m) => {
    await m.query(`INSERT INTO job_probes (id) VALUES ($1)`, [id]);
    await jobs.enqueue(PROBE_JOB, { probeId: id, delayMs: body.delayMs }, { idempotencyKey: `probe:${id}` });
    return { id, requestedAt: new Date().toISOString(), completedAt: null };
  });
}

async function readProbe(uow: UnitOfWork, auth: AuthContext, id: string): Promise<ProbeStatusDto> {
  const [row] = (await uow.forPlatform(auth.principal.userId, (m) =>
    m.query(`SELECT id, requested_at, completed_at, completed_attempt FROM job_probes WHERE id = $1`, [id]),
  )) as { id: string; requested_at: Date; completed_at: Date | null; completed_attempt: number | null }[];
  if (!row) throw new NotFoundException(problem(404, 'There is no such probe.'));
  return {
    id: row.id,
    requestedAt: row.requested_at.toISOString(),
    completedAt: row.completed_at?.toISOString() ?? null,
    completedAttempt: row.completed_attempt,
  };
}

/**
 * Pipeline probes: a job sent through the outbox, relay, queue and worker, and whether it has
 * completed. Its own path (it was /api/v1/admin/queues/probes, which read like a queue named
 * "probes" beside /admin/queues/{queue}/failed; the old paths still answer).
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/queue-probes')
export class QueueProbesController {
  constructor(
    private readonly jobs: JobQueue,
    private readonly uow: UnitOfWork,
    private readonly auth: AuthContext,
  ) {}

  @Policy('manage', 'Platform')
  @Post()
  @ApiOperation({
    summary: 'Send a probe job through the whole pipeline (outbox, relay, queue, worker); check it with GET',
  })
  @ApiCreatedResponse({
    type: QueueProbeDto,
    example: { id: '6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d', requestedAt: '2026-11-27T10:00:00.000Z', completedAt: null },
  })
  probe(@Body() body: ProbeDto): Promise<QueueProbeDto> {
    return startProbe(this.uow, this.auth, this.jobs, body);
  }

  @Policy('manage', 'Platform')
  @Get(':id')
  @ApiOperation({ summary: 'Whether a probe job has completed (and on which attempt)' })
  @ApiOkResponse({
    type: ProbeStatusDto,
    example: {
      id: '6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d',
      requestedAt: '2026-11-27T10:00:00.000Z',
      completedAt: '2026-11-27T10:00:00.400Z',
      completedAttempt: 1,
    },
  })
  probeStatus(@Param('id', ParseUUIDPipe) id: string): Promise<ProbeStatusDto> {
    return readProbe(this.uow, this.auth, id);
  }
}
