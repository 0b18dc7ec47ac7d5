import { Module } from '@nestjs/common';
import { MeController } from './me.controller';
import { PeopleController } from './people.controller';
import { PeopleService } from './people.service';

@Module({ controllers: [PeopleController, MeController], providers: [PeopleService] })
export class PeopleModule {}
