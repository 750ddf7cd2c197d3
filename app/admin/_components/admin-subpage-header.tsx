import { LanguageSwitcher } from '../../_components/language-switcher';

/** The header of a page under /admin: its title, the way back to /admin, the language. */
export function AdminSubpageHeader({ title, back }: { title: string; back: string }) {
  return (
    <header className="row wrap admin-subpage-header">
      <h1 className="grow">{title}</h1>
      <a className="button-link" href="/admin">
        {back}
      </a>
      <LanguageSwitcher />
    </header>
  );
}
