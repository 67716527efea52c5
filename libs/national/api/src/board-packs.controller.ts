import { Body, Controller, Get, HttpCode, Param, Post, Res, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '@rep-hub/api-surface';
import { Policy } from '@rep-hub/auth';
import { BOARD_PACK_XLSX_TYPE, BoardPacksService } from '@rep-hub/national-domain';
import { problem } from '@rep-hub/platform';
import type { Response } from 'express';
import { CreateBoardPackDto } from './board-packs.dto';
import { BoardPackDto, BoardPackListDto, PACK_ID, PARTNERSHIP_ID, RELEASE_ID } from './responses/board-packs.responses';

const SUMMARY = {
  id: PACK_ID,
  title: 'Implementation Board, September 2026',
  meetingDate: '2026-09-17',
  packVersion: 1,
  periodCode: '2025-26-summer',
  periodName: 'Summer term 2025 to 2026',
  status: 'building',
  progress: 45,
  progressText: 'Indicator 3 of 6: Referrals to AP',
  requestedByName: 'Board member (demo)',
  createdAt: '2026-09-10T09:00:00.000Z',
  finishedAt: null,
};
const PACK = {
  ...SUMMARY,
  rebuiltFrom: null,
  error: null,
  startedAt: '2026-09-10T09:00:01.000Z',
  releases: [
    {
      id: RELEASE_ID,
      partnershipId: PARTNERSHIP_ID,
      partnershipName: 'Greater Manchester',
      periodCode: '2025-26-summer',
      periodName: 'Summer term 2025 to 2026',
      version: 1,
      publishedAt: '2026-09-01T08:30:00.000Z',
    },
  ],
  pdfSha256: null,
  xlsxSha256: null,
  contentSha256: null,
};
const QUEUED = { ...PACK, status: 'queued', progress: 0, progressText: 'Waiting to be built', startedAt: null };
const NOT_READY = {
  409: problem(409, 'This pack is not ready yet; its files come when it is ready.', { packStatus: 'building' }),
};

/**
 * Board packs for the National Board: a PDF and an XLSX for a meeting, built by a job from the
 * published releases the pack names (chosen when it is asked for, so a pack is reproducible), kept
 * and versioned. Members of the National Board only; anyone else is refused (403).
 */
@ApiTags('national')
@ApiBearerAuth()
@Controller('api/v1/national/board-packs')
export class BoardPacksController {
  constructor(private readonly packs: BoardPacksService) {}

  @Policy('read', 'BoardPack')
  @Get()
  @ApiOperation({ summary: 'The board’s packs, newest meeting first, with every version' })
  @ApiOkResponse({ type: BoardPackListDto, example: { items: [SUMMARY] } })
  async list(): Promise<BoardPackListDto> {
    return { items: (await this.packs.list()) as BoardPackListDto['items'] };
  }

  @Policy('create', 'BoardPack')
  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Ask for a pack for a meeting: it is queued and built by a job (follow its progress with GET /{packId})',
    description:
      'The pack names, there and then, the latest release of each partnership for the period and the periods before it (up to six), so it is built from exactly those whatever is published later. Asking again for the same meeting and title makes the next version. 400 names the field (a period with no published release is one).',
  })
  @ApiAcceptedResponse({ type: BoardPackDto, description: 'The pack, queued', example: QUEUED })
  create(@Body() body: CreateBoardPackDto): Promise<BoardPackDto> {
    return this.packs.request(body) as Promise<BoardPackDto>;
  }

  @Policy('read', 'BoardPack')
  @Get(':packId')
  @ApiOperation({
    summary: 'A pack: its status and progress, the releases it names and, when ready, its files’ SHA-256',
  })
  @ApiOkResponse({ type: BoardPackDto, example: PACK })
  get(@Param('packId') id: string): Promise<BoardPackDto> {
    return this.packs.get(id) as Promise<BoardPackDto>;
  }

  @Policy('create', 'BoardPack')
  @Post(':packId/rebuild')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Build a pack again: a new version from the same releases (the same figures)',
    description: '409 while the pack is still queued or building.',
  })
  @ApiAcceptedResponse({
    type: BoardPackDto,
    description: 'The new version, queued',
    example: { ...QUEUED, packVersion: 2, rebuiltFrom: PACK_ID },
  })
  @ApiProblems({
    409: problem(409, 'This pack is still being built: wait until it is ready or has failed to build it again.', {
      packStatus: 'building',
    }),
  })
  rebuild(@Param('packId') id: string): Promise<BoardPackDto> {
    return this.packs.rebuild(id) as Promise<BoardPackDto>;
  }

  @Policy('read', 'BoardPack')
  @Get(':packId/pdf')
  @ApiOperation({ summary: 'A ready pack’s PDF (409 while it is not ready)' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'The PDF, as an attachment',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiProblems(NOT_READY)
  pdf(@Param('packId') id: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return this.send(id, 'pdf', 'application/pdf', res);
  }

  @Policy('read', 'BoardPack')
  @Get(':packId/xlsx')
  @ApiOperation({
    summary:
      'A ready pack’s XLSX: a sheet per section and the tidy data, GSS symbols in place of withheld values (409 while it is not ready)',
  })
  @ApiProduces(BOARD_PACK_XLSX_TYPE)
  @ApiOkResponse({
    description: 'The workbook, as an attachment',
    content: { [BOARD_PACK_XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiProblems(NOT_READY)
  xlsx(@Param('packId') id: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return this.send(id, 'xlsx', BOARD_PACK_XLSX_TYPE, res);
  }

  private async send(id: string, format: 'pdf' | 'xlsx', type: string, res: Response): Promise<StreamableFile> {
    const f = await this.packs.file(id, format);
    res.setHeader('Content-Type', type);
    res.setHeader('Content-Disposition', `attachment; filename="${f.filename}"`);
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(f.body);
  }
}
