import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsInt, IsOptional, IsString, IsUUID, Length, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../paging.dto';
import { IsPartnershipRole, PARTNERSHIP_ROLE_ENUM } from '../registered-codes';

/** `GET /api/v1/people`: a page, narrowed to one organisation or one role. */
export class PeopleQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'Only the roles held in this organisation',
    format: 'uuid',
    example: '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6',
  })
  @IsOptional()
  @IsUUID('all', { message: 'organisationId must be the id of an organisation' })
  organisationId?: string;

  @ApiPropertyOptional({ ...PARTNERSHIP_ROLE_ENUM, description: 'Only this role', example: 'la_officer' })
  @IsOptional()
  @IsPartnershipRole()
  role?: string;
}

/** Invite a person with a role: a new user is emailed a single-use invite link. */
export class InvitePersonDto {
  @ApiProperty({ example: 'Priya Shah' })
  @IsString()
  @Length(1, 200, { message: 'displayName must be 1 to 200 characters' })
  displayName: string;

  @ApiProperty({ format: 'email', example: 'priya.shah@icb.nhs.example' })
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address, like name@example.com' })
  email: string;

  @ApiProperty({
    description: 'The organisation of your partnership they work in for this role',
    format: 'uuid',
    example: '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6',
  })
  @IsUUID('all', { message: 'organisationId must be the id of an organisation' })
  organisationId: string;

  @ApiProperty({
    ...PARTNERSHIP_ROLE_ENUM,
    description:
      'A role of the role registry that suits the organisation. The partnership lead gives partnership-wide roles (partnership_lead, workforce_lead, icb_member, parent_carer_forum_member); a role that opens an LA’s children (la_officer, data_protection_officer, setting_staff, and a module’s roles that open a named child) and la_admin are given by that LA’s admins only',
    example: 'workforce_lead',
  })
  @IsPartnershipRole()
  role: string;
}

/** Change a role: the new role, from the version you saw. */
export class ChangeRoleDto {
  @ApiProperty({
    ...PARTNERSHIP_ROLE_ENUM,
    description: 'The new role, suiting the same organisation',
    example: 'workforce_lead',
  })
  @IsPartnershipRole()
  role: string;

  @ApiProperty({ description: 'The version of the role you are changing (409 when it changed meanwhile)', example: 1 })
  @Type(() => Number)
  @IsInt({ message: 'version must be a whole number' })
  @Min(1)
  version: number;
}

/** End a role, from the version you saw. */
export class EndRoleDto {
  @ApiProperty({ description: 'The version of the role you are ending (409 when it changed meanwhile)', example: 1 })
  @Type(() => Number)
  @IsInt({ message: 'version must be a whole number' })
  @Min(1)
  version: number;
}
