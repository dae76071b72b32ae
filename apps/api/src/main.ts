import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { placeholder } from '#domain';
@Controller() class H { @Get('health') h() { return { ok: placeholder }; } }
@Module({ controllers: [H] }) class M {}
const app = await NestFactory.create(M);
await app.listen(3999);
console.log('up');
