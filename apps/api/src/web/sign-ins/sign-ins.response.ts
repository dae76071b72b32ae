import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '#read-store';

/** For the API description only: one sign-in of GET /sign-ins. */
export class SignInDto {
  @ApiProperty({ format: 'date-time', example: '2024-07-02T08:31:12.004Z' }) at!: string;
  @ApiProperty({ enum: ['signed-in', 'refused', 'signed-out'], example: 'signed-in' }) outcome!: string;
  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'The key used, when known',
    example: '3f9c2a1b0d4e5f60718293a4b5c6d7e8',
  })
  keyId!: string | null;
  @ApiProperty({ type: 'string', nullable: true, example: 'Head of Service, Children in Care' }) holder!: string | null;
  @ApiProperty({ enum: ROLES, nullable: true, example: 'manager' }) role!: string | null;
  @ApiProperty({ description: 'The address it came from', example: '10.20.4.17' }) address!: string;
  @ApiProperty({ type: 'string', nullable: true, example: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)' })
  userAgent!: string | null;
}
