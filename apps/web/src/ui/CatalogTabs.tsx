import { NavLink } from 'react-router';
import './CatalogTabs.css';

/**
 * Services and the resources that provide them are one area of the dashboard, in two tabs; the
 * services and resources features both show them.
 */
export function CatalogTabs() {
  return (
    <nav className="catalog-tabs" aria-label="Services and resources">
      <NavLink to="/services" end className="catalog-tabs__link">
        Services
      </NavLink>
      <NavLink to="/services/resources" className="catalog-tabs__link">
        Resources &amp; hours
      </NavLink>
    </nav>
  );
}
