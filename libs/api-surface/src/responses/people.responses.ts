import { ApiProperty } from '@nestjs/swagger';

const ID = '5b2d7c1e-8f3a-4c59-9d7e-2a1b3c4d5e6f';
const ORG = '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6';

/** One role of one person in your partnership, with its version (for a change or an end). */
export class PersonRoleDto {
  @ApiProperty({
    description: 'The membership (this role of this person)',
    format: 'uuid',
    example: '3e4f5a6b-7c8d-4e9f-8a0b-1c2d3e4f5a6b',
  })
  id: string;
  @ApiProperty({ format: 'uuid', example: ID }) userId: string;
  @ApiProperty({ example: 'Priya Shah' }) displayName: string;
  @ApiProperty({
    required: false,
    description: 'For the partnership lead and data protection officer only',
    format: 'email',
    example: 'priya.shah@icb.nhs.example',
  })
  email?: string;
  @ApiProperty({
    required: false,
    description: 'Whether they have accepted their invitation (for the partnership lead and LA admins)',
    enum: ['invited', 'active', 'disabled'],
    example: 'invited',
  })
  userStatus?: string;
  @ApiProperty({ description: 'A role of the role registry', example: 'icb_member' }) role: string;
  @ApiProperty({ format: 'uuid', example: ORG }) organisationId: string;
  @ApiProperty({ example: 'North West Integrated Care Board' }) organisationName: string;
  @ApiProperty({ description: 'An organisation kind of the role registry', example: 'icb' }) organisationKind: string;
  @ApiProperty({ enum: ['active', 'revoked'], example: 'active' }) status: string;
  @ApiProperty({ description: 'Send it back to change or end the role', example: 1 }) version: number;
}
