'use client';

import { SignInForm } from '../../_components/sign-in-form';
import type { SignedInAgent } from '../../../stores/agent/types';
import type { AgentT } from './use-agent-t';

/** The console's sign-in; `expired`: the session ended while working, the screen behind it stays. */
export function AgentSignInForm({ onSignedIn, t, expired }: { onSignedIn: (agent: SignedInAgent) => void; t: AgentT; expired?: boolean }) {
  const texts = (['heading', 'email', 'password', 'submit', 'busy', 'wrong', 'tooMany', 'network', 'failed'] as const).reduce(
    (all, k) => ({ ...all, [k]: t(`signIn.${k}`) }),
    {} as Record<'heading' | 'email' | 'password' | 'submit' | 'busy' | 'wrong' | 'tooMany' | 'network' | 'failed', string>,
  );
  return (
    <SignInForm<{ agent: SignedInAgent }>
      endpoint="/api/agent/login"
      onSignedIn={({ agent }) => onSignedIn(agent)}
      texts={texts}
      headingLevel={expired ? 2 : 1}
      headingId="sign-in-heading"
      intro={
        expired ? (
          <p role="status" data-testid="session-expired">
            {t('signIn.expired')}
          </p>
        ) : (
          <p className="muted">{t('signIn.lead')}</p>
        )
      }
    />
  );
}
