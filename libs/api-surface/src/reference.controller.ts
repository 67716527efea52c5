import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Query } from '@nestjs/common';
import {
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { Public } from '@rep-hub/platform';
import { codeList, codeListIds, codeListVersions, isIsoDate, validateUpn } from '@rep-hub/reference';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { BadRequestException } from '@nestjs/common';
import { CodeListIndexDto, CodeListVersionDto, UpnCheckResultDto } from './responses/core.responses';

export class UpnCheckDto {
  @ApiProperty({ description: 'A Unique Pupil Number to check (13 characters)', example: 'H801200001001' })
  @IsString()
  @MaxLength(20)
  upn: string;
}

export class CodeListQueryDto {
  @ApiPropertyOptional({
    description: 'The date the version must be in force on (default today)',
    example: '2025-09-01',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'on must be a date as YYYY-MM-DD' })
  on?: string;
}

/**
 * Versioned reference data (code lists, LAs, UPN check). Public: it holds no personal data, and
 * clients validate against the same lists as the server.
 */
@ApiTags('reference')
@Controller('api/v1/reference')
export class ReferenceController {
  @Public()
  @Get('code-lists')
  @ApiOperation({ summary: 'The code lists and their versions' })
  @ApiOkResponse({
    type: CodeListIndexDto,
    example: {
      items: [{ id: 'sen-provision', versions: [{ version: '2014-09', validFrom: '2014-09-01', validTo: null }] }],
    },
  })
  lists(): CodeListIndexDto {
    return {
      items: codeListIds().map((id) => ({
        id,
        versions: codeListVersions(id).map((v) => ({
          version: v.version,
          validFrom: v.validFrom,
          validTo: v.validTo ?? null,
        })),
      })),
    };
  }

  @Public()
  @Get('code-lists/:id')
  @ApiOperation({ summary: 'The version of a code list in force on a date (default today)' })
  @ApiQuery({ name: 'on', required: false, example: '2025-09-01' })
  @ApiOkResponse({
    type: CodeListVersionDto,
    example: {
      id: 'sen-provision',
      version: '2014-09',
      validFrom: '2014-09-01',
      entries: [{ code: 'E', label: 'Education, health and care plan' }],
    },
  })
  list(@Param('id') id: string, @Query() query: CodeListQueryDto) {
    if (query.on && !isIsoDate(query.on)) throw new BadRequestException('on must be a real date as YYYY-MM-DD');
    if (!codeListIds().includes(id)) throw new NotFoundException(`There is no code list "${id}"`);
    const version = codeList(id, query.on);
    if (!version) throw new NotFoundException(`No version of "${id}" is in force on that date`);
    return version;
  }

  @Public()
  @Post('upn-checks')
  @HttpCode(200)
  @ApiOperation({ summary: "Check a UPN's format and check letter, with DfE's messages" })
  @ApiBody({
    type: UpnCheckDto,
    examples: { valid: { value: { upn: 'H801200001001' } }, wrongCheckLetter: { value: { upn: 'A801200005001' } } },
  })
  @ApiOkResponse({
    type: UpnCheckResultDto,
    example: { upn: 'H801200001001', valid: true, kind: 'permanent', errors: [] },
  })
  checkUpn(@Body() body: UpnCheckDto): UpnCheckResultDto {
    const result = validateUpn(body.upn);
    const upn = body.upn.trim().toUpperCase();
    return result.valid
      ? { upn, valid: true, kind: result.kind, errors: [] }
      : { upn, valid: false, kind: null, errors: result.errors };
  }
}
