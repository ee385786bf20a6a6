import { loadMailConfig } from '../mail-config';
import { createMailer } from './create-mailer';
import type { Mailer } from './mailer';

/** The mailer the environment asks for; reads the variables now, connects on the first send. */
export function createMailerFromEnv(env: Record<string, string | undefined> = process.env): Mailer {
  return createMailer(loadMailConfig(env));
}
