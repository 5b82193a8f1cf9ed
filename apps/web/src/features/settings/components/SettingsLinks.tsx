import type { ReactNode } from 'react';
import { LinkRow, LinkRowBody } from '../../../ui/LinkRow';

/** A row that leads to another settings page. */
export function SettingsLink(props: { to: string; icon: ReactNode; title: string; description: string }) {
  return <LinkRow {...props} className="settings-link" />;
}

/** Something that is planned but not there yet, said plainly. */
export function ComingSoon({ icon, title, description }: { icon: ReactNode; title: string; description: string }) {
  return (
    <div className="coming-soon">
      <LinkRowBody
        icon={icon}
        title={
          <>
            {title} <span className="coming-soon__badge">Coming soon</span>
          </>
        }
        description={description}
      />
    </div>
  );
}
