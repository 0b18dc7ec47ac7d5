import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ZodValidationPipe } from 'nestjs-zod';
import {
  peopleQuerySchema,
  personIdSchema,
  type PeopleList,
  type PeopleQuery,
  type PersonDetailView,
} from '@shuangcha/contracts/http';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { ApiProblem } from '../openapi/api-problem.decorator';
import { PeopleListDto, PersonDetailDto } from '../openapi/dtos';
import { Can } from '../policy/can.decorator';
import { PeopleService } from './people.service';

/** 人员名录: who holds which post in the caller's commissions today, and what they held before. */
@ApiTags('people')
@Controller('people')
export class PeopleController {
  constructor(@Inject(PeopleService) private readonly people: PeopleService) {}

  @Get()
  @Can('read', 'People')
  @ApiOperation({
    summary: "Staff and approvers of the caller's jurisdictions with their current posts, by name or id",
  })
  @ApiQuery({ name: 'q', required: false, type: String, description: 'part of the name, or the start of the id' })
  @ApiQuery({ name: 'unitId', required: false, type: String, description: 'a current post in a body of this unit' })
  @ApiQuery({ name: 'bodyId', required: false, type: String, description: 'a current post in this body' })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: '1-200, default 50' })
  @ApiQuery({ name: 'cursor', required: false, type: String, description: 'nextCursor of the previous page' })
  @ApiOkResponse({ type: PeopleListDto })
  @ApiProblem(400, 'VALIDATION_FAILED, including a cursor this API did not return')
  search(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(peopleQuerySchema)) query: PeopleQuery,
  ): Promise<PeopleList> {
    return this.people.search(principal, query);
  }

  @Get(':id')
  @Can('read', 'People')
  @ApiOperation({ summary: 'One person of the directory with current posts and tenure history' })
  @ApiParam({ name: 'id', description: 'person id' })
  @ApiOkResponse({ type: PersonDetailDto })
  @ApiProblem(404, 'PERSON_NOT_FOUND: unknown, or not staff of your jurisdictions')
  person(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodValidationPipe(personIdSchema)) personId: string,
  ): Promise<PersonDetailView> {
    return this.people.person(principal, personId);
  }
}
