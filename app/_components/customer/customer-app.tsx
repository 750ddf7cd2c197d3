'use client';

import dynamic from 'next/dynamic';
import { Suspense } from 'react';
import { useTranslations } from 'next-intl';
import { useShallow } from 'zustand/react/shallow';
import { AppHeader } from '../app-header';
import { InstallPrompt } from '../pwa/install-prompt';
import { UpdatePrompt } from '../pwa/update-prompt';
import { useFindGesture } from '../use-find-gesture';
import { CHANGE_DIALOG_ID, ShakeHelp } from './shake-help';
import { useErrorText } from './error-text';
import { IntroScreen } from './intro-screen';
import { CustomerStoreProvider, useCustomer } from './store-provider';

// The server renders only the intro (first visit) or the loading view (a returning customer, whose
// saved state is read after mounting), so the first screen's JavaScript holds nothing else. The other
// screens load when they are needed: the find screen with the tap (its chunk and the search travel
// together), home once the saved or loaded state says there is an agent, the contact form (and zod)
// when someone chooses an agent without contact info. The service worker precaches them all for offline.
const FindScreen = dynamic(() => import('./find-screen').then((m) => m.FindScreen), { ssr: false, loading: () => <LoadingView /> });
const HomeScreen = dynamic(() => import('./home-screen').then((m) => m.HomeScreen), { ssr: false, loading: () => <LoadingView /> });
const ContactScreen = dynamic(() => import('./contact-screen'), { ssr: false, loading: () => <LoadingView /> });

/** `firstVisit`: the server saw no customer cookie, so there is no session to wait for (app/page.tsx). */
export function CustomerApp({ firstVisit = false }: { firstVisit?: boolean }) {
  // Each <Suspense> is a boundary React hydrates on its own, in slices that yield to the browser
  // (the HTML is already on screen), instead of one long task for the whole page (docs/benchmarks.md,
  // "Where the customer page's load time went"). A tap on a part not yet hydrated hydrates that part
  // first and is then replayed, so nothing is lost.
  return (
    <CustomerStoreProvider firstVisit={firstVisit}>
      <Suspense>
        <AppHeader />
      </Suspense>
      <main id="main" className="app-main">
        <ConnectionBanner />
        <AccountNoticeBanner />
        <Suspense>
          <Screens />
        </Suspense>
        <InstallPrompt />
      </main>
      <UpdatePrompt />
    </CustomerStoreProvider>
  );
}

function Screens() {
  const { screen, session, sessionError, myAgent, hasMatchAgent, matchReason, matchStatus, load, startMatch } = useCustomer(
    useShallow((s) => ({
      screen: s.screen,
      session: s.session,
      sessionError: s.sessionError,
      myAgent: s.myAgent,
      hasMatchAgent: !!s.match?.agent,
      matchReason: s.match?.reason,
      matchStatus: s.matchStatus,
      load: s.load,
      startMatch: s.startMatch,
    })),
  );
  const errorText = useErrorText();
  const t = useTranslations('customer');

  const showStart = screen === 'start' && session !== 'loading';
  const exhausted = screen === 'find' && !!matchReason && !hasMatchAgent;
  const gesture = useFindGesture({
    enabled: (showStart || screen === 'find') && matchStatus !== 'loading',
    scope: screen === 'find' ? (exhausted ? 'find:exhausted' : 'find') : `${screen}:${myAgent ? 'home' : 'intro'}`,
    onShake: () => {
      if (screen === 'find') {
        if (exhausted) void startMatch();
        return;
      }
      if (myAgent) (document.getElementById(CHANGE_DIALOG_ID) as HTMLDialogElement | null)?.showModal();
      else void startMatch();
    },
  });

  // What this device saved renders at once; the loading view is only for a first, empty start.
  if (session === 'loading' && screen === 'start' && !myAgent) return <LoadingView />;
  if (session === 'error' && screen === 'start' && !myAgent) {
    return (
      <section className="screen" aria-labelledby="error-title">
        <h1 id="error-title" className="screen-title">
          {t('loadFailed.title')}
        </h1>
        <div className="card" role="alert" data-testid="load-error">
          <p>{sessionError ? errorText(sessionError) : t('errors.internal')}</p>
          <button type="button" className="primary" onClick={() => void load()}>
            {t('loadFailed.retry')}
          </button>
        </div>
      </section>
    );
  }
  // Every tap that leads to the find screen asks for motion permission where the browser gates it (iOS):
  // only inside the tap, before anything async, can it be asked. gesture.askOnTap does nothing otherwise.
  const shakeHelp = <ShakeHelp gesture={gesture} />;
  if (screen === 'find') return <FindScreen askMotion={gesture.askOnTap} shakeHelp={shakeHelp} />;
  if (screen === 'contact') return <ContactScreen askMotion={gesture.askOnTap} />;
  if (myAgent) return <HomeScreen gestureMessage={gesture.message} askMotion={gesture.askOnTap} shakeHelp={shakeHelp} />;
  return (
    <IntroScreen
      onFind={() => {
        gesture.askOnTap();
        void startMatch();
      }}
      busy={matchStatus === 'loading'}
      gestureMessage={gesture.message}
      shakeHelp={shakeHelp}
    />
  );
}

function LoadingView() {
  const t = useTranslations('common');
  return (
    <div className="screen" role="status" aria-live="polite" data-testid="loading">
      <p className="muted center">
        <span className="spinner" aria-hidden="true" /> {t('loading')}
      </p>
      <div className="card skeleton" aria-hidden="true">
        <div className="skeleton-line wide" />
        <div className="skeleton-line" />
        <div className="skeleton-line" />
      </div>
    </div>
  );
}

function ConnectionBanner() {
  const t = useTranslations('customer.connection');
  const { online, reachable } = useCustomer(useShallow((s) => ({ online: s.online, reachable: s.reachable })));
  if (online && reachable) return null;
  return (
    <div className="banner banner-offline" role="status" data-testid="offline-banner">
      <p>
        <strong>{online ? t('unreachable') : t('offline')}</strong> {t('saved')}
      </p>
    </div>
  );
}

/** What happened when the app was opened with a sign-in link (the shop's, a handoff QR, a mailed link). */
function AccountNoticeBanner() {
  const t = useTranslations('account.notice');
  const { notice, setNotice } = useCustomer(useShallow((s) => ({ notice: s.accountNotice, setNotice: s.setAccountNotice })));
  if (!notice) return null;
  const failed = notice.kind === 'identityFailed' || notice.kind === 'codeFailed' || notice.kind === 'offline';
  return (
    <div className={`account-notice ${failed ? 'banner banner-offline' : 'notice'}`} role={failed ? 'alert' : 'status'} data-testid="account-notice">
      <p>{t(notice.kind, { count: notice.count ?? 0 })}</p>
      <button type="button" onClick={() => setNotice(null)}>
        {t('dismiss')}
      </button>
    </div>
  );
}
